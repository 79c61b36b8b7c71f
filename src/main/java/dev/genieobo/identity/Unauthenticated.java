package dev.genieobo.identity;

/**
 * The caller could not be identified. Maps to {@code 401} with
 * {@code WWW-Authenticate: Bearer error="..."} (RFC 6750). The message says what
 * was wrong with the credential, never what it was.
 */
public final class Unauthenticated extends RuntimeException {

    private final String error;

    private Unauthenticated(String error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public static Unauthenticated missing() {
        return new Unauthenticated("invalid_request",
                "no bearer token: send 'Authorization: Bearer <token>' or 'X-Forwarded-Access-Token: <token>'");
    }

    public static Unauthenticated invalidRequest(String message) {
        return new Unauthenticated("invalid_request", message);
    }

    public static Unauthenticated invalidToken(String message) {
        return new Unauthenticated("invalid_token", message);
    }

    /** The RFC 6750 error code: {@code invalid_request} or {@code invalid_token}. */
    public String error() {
        return error;
    }
}
