package dev.genieobo.upstream;

import java.time.Duration;

/**
 * One point in time by which a whole agent turn must be done. Every upstream
 * wait is bounded by {@link #remaining()}, so no call, retry or poll can run
 * past the turn's deadline.
 */
public record Deadline(long expiresAtNanos) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        long left = expiresAtNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    public boolean expired() {
        return expiresAtNanos - System.nanoTime() <= 0;
    }

    /** The shorter of {@code cap} and what is left of this deadline. */
    public Duration cap(Duration cap) {
        Duration left = remaining();
        return cap.compareTo(left) < 0 ? cap : left;
    }

    /** Throws {@link DeadlineExceededException} when the deadline has passed. */
    public void check(String during) {
        if (expired()) {
            throw new DeadlineExceededException(during);
        }
    }
}
