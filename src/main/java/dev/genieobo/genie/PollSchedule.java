package dev.genieobo.genie;

import java.time.Duration;

/**
 * When to poll a pending Genie answer: the pause before the next poll is a share
 * ({@code ratio}) of the time Genie has worked on the question so far, at least
 * {@code min} and at most {@code max}. The answer is therefore seen soon after Genie
 * has it (at most {@code ratio} of Genie's time later, once past the shortest pause),
 * and a long answer costs few polls: with 100 ms, 5 % and 2 s, an answer of 3 s is
 * polled about 28 times and seen within 150 ms of being ready; one of 2 minutes about
 * 120 times, half as many as a fixed 500 ms interval would send.
 */
record PollSchedule(Duration min, Duration max, double ratio) {

    PollSchedule {
        if (min.isNegative() || max.compareTo(min) < 0 || ratio < 0) {
            throw new IllegalArgumentException("poll schedule needs 0 <= min <= max and ratio >= 0");
        }
    }

    static PollSchedule of(GenieConfig config) {
        return new PollSchedule(config.pollInterval(), config.pollMaxInterval(), config.pollRatio());
    }

    /** The pause before the next poll, {@code waited} after the question was sent. */
    Duration next(Duration waited) {
        long proportional = (long) (waited.toNanos() * ratio);
        long pause = Math.max(min.toNanos(), Math.min(max.toNanos(), proportional));
        return Duration.ofNanos(pause);
    }
}
