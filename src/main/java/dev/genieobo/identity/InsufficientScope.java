package dev.genieobo.identity;

/**
 * The caller's token is valid but lacks a scope of the auth policy. Maps to 403
 * with {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."}.
 */
public final class InsufficientScope extends RuntimeException {

    private final String scope;

    public InsufficientScope(String scope) {
        super("the token lacks the scope '" + scope + "' that this function needs to call Genie as you; "
                + "request a token with scope '" + scope + "'", null, false, false);
        this.scope = scope;
    }

    public String scope() {
        return scope;
    }
}
