package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the caller's token from a request: {@code Authorization: Bearer <t>},
 * else {@code X-Forwarded-Access-Token: <t>} (Databricks Apps). When an
 * {@code Authorization} header is present it is the only source considered, so
 * a malformed one never falls through to another header (fail closed).
 *
 * <p>The result is a fresh {@link UserCredential} that the caller must close.
 */
@ApplicationScoped
public class CallerTokens {

    private final CallerVerifier verifier;

    public CallerTokens(CallerVerifier verifier) {
        this.verifier = verifier;
    }

    /** Tokens longer than this are refused before anything else looks at them. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    /**
     * Reads and verifies the caller's token: a credential for this request, or 401/403.
     * Verification runs inside {@code deadline}, which is then capped at the token's
     * expiry (a turn cannot outlive the credential it runs on).
     */
    public UserCredential open(String authorization, String forwardedAccessToken, Deadline deadline) {
        UserCredential credential = verifier.verify(extract(authorization, forwardedAccessToken), deadline);
        credential.expiresAt().ifPresent(deadline::capAt);
        return credential;
    }

    /**
     * Verifies the caller's token without making a credential of it, for a gate in front of
     * a protocol: the result is for the request that carried the token, whose handler makes
     * its credential with {@link #open(VerifiedCaller, Deadline)} instead of verifying again.
     * The gate closes it when the request ends.
     */
    public VerifiedCaller check(String authorization, String forwardedAccessToken, Deadline deadline) {
        return verifier.check(extract(authorization, forwardedAccessToken), deadline);
    }

    /**
     * The credential of a caller verified earlier in the same request (in exchange mode: the
     * token exchanged now); the caller must close it. {@code deadline} is then capped at the
     * credential's expiry, as with {@link #open(String, String, Deadline)}.
     */
    public UserCredential open(VerifiedCaller caller, Deadline deadline) {
        UserCredential credential = verifier.open(caller, deadline);
        credential.expiresAt().ifPresent(deadline::capAt);
        return credential;
    }

    /** The bearer token of a request, checked for shape only. */
    public static String extract(String authorization, String forwardedAccessToken) {
        if (authorization != null) {
            String value = authorization.strip();
            if (value.isEmpty()) {
                throw Unauthenticated.invalidRequest("the Authorization header is empty");
            }
            int space = value.indexOf(' ');
            String scheme = space < 0 ? value : value.substring(0, space);
            if (!scheme.equalsIgnoreCase("Bearer")) {
                throw Unauthenticated.invalidRequest("the Authorization header must use the Bearer scheme");
            }
            if (space < 0) {
                throw Unauthenticated.invalidRequest("the Authorization header has no token after Bearer");
            }
            return fromValue(value.substring(space + 1).strip());
        }
        if (forwardedAccessToken != null) {
            return fromValue(forwardedAccessToken.strip());
        }
        throw Unauthenticated.missing();
    }

    private static String fromValue(String token) {
        if (token.isEmpty()) {
            throw Unauthenticated.invalidRequest("the bearer token is empty");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw Unauthenticated.invalidToken("the bearer token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        for (int i = 0; i < token.length(); i++) {
            if (!isTokenChar(token.charAt(i))) {
                throw Unauthenticated.invalidToken("the bearer token contains characters a token cannot have");
            }
        }
        return token;
    }

    /** RFC 6750 b64token characters: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" and trailing "=". */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
    }
}
