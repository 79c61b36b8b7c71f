package dev.genieobo.upstream;

import java.time.Duration;

/**
 * An upstream refused for load (Genie's questions per minute, the LLM endpoint's
 * rate limit, or this function's own question limiter) and the turn could not
 * wait for it. Maps to 429 {@code RESOURCE_EXHAUSTED} with {@code Retry-After}.
 */
public final class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /** When the caller may try again (what the upstream said, or our estimate). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1: the value of a {@code Retry-After} header. */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
