package dev.genieobo.identity;

/**
 * The caller's bearer token for one request, and nothing else. It is created by
 * the resource that received the request, passed down explicitly, and closed in
 * {@code finally}; after {@link #close()} it holds no reference to the token.
 *
 * <p>No application-scoped object may keep one in a field. Its
 * {@link #toString()} is redacted, so it can never print the token by accident.
 */
public final class UserCredential implements AutoCloseable {

    private volatile String token;
    private final String callerId;
    private final java.time.Instant expiresAt;

    private UserCredential(String token, String callerId, java.time.Instant expiresAt) {
        this.token = token;
        this.callerId = callerId;
        this.expiresAt = expiresAt;
    }

    /** Wraps an already validated bearer token ({@code expiresAt} null when unknown, as for an opaque token). */
    static UserCredential of(String token, String callerId, java.time.Instant expiresAt) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("empty token");
        }
        return new UserCredential(token, callerId, expiresAt);
    }

    /** When the token stops being valid, if known: a turn's deadline is capped here. */
    public java.util.Optional<java.time.Instant> expiresAt() {
        return java.util.Optional.ofNullable(expiresAt);
    }

    /** A non-reversible id of the caller, for logs and metrics (never the token, never the user name). */
    public String callerId() {
        return callerId;
    }

    /** The value of an {@code Authorization} header carrying this credential. */
    public String authorizationHeader() {
        String t = token;
        if (t == null) {
            throw new IllegalStateException("the user credential is closed");
        }
        return "Bearer " + t;
    }

    public boolean isOpen() {
        return token != null;
    }

    /** Drops the token; later use fails. Idempotent. */
    @Override
    public void close() {
        token = null;
    }

    @Override
    public String toString() {
        return isOpen() ? "UserCredential[redacted]" : "UserCredential[closed]";
    }
}
