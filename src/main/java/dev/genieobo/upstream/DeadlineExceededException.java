package dev.genieobo.upstream;

/**
 * The turn's deadline passed while waiting for an upstream. Maps to 504, or,
 * when the caller's token expiry set the deadline, to 401 {@code invalid_token}:
 * the caller can act on that by refreshing the token.
 */
public final class DeadlineExceededException extends RuntimeException {

    private final boolean tokenExpired;

    public DeadlineExceededException(String during) {
        this(during, false);
    }

    public DeadlineExceededException(String during, boolean tokenExpired) {
        super((tokenExpired ? "the caller's token expired while " : "the request deadline passed while ") + during,
                null, false, false);
        this.tokenExpired = tokenExpired;
    }

    /** Whether the deadline was the caller's token expiry rather than the turn's own budget. */
    public boolean tokenExpired() {
        return tokenExpired;
    }
}
