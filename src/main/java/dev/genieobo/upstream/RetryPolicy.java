package dev.genieobo.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * When an upstream request is tried again, and how long to wait first: the one place
 * that computes a backoff. The pause before a retry is the delay the upstream asked
 * for ({@code Retry-After}, an event stream's {@code retry} field, a hint in its
 * words), kept between {@link #askedAtLeast} and {@link #askedAtMost}; without one,
 * the backoff: the first pause doubled per attempt (at most {@code maxDoublings}
 * times), plus a random jitter of up to half of it. A retry is made at most
 * {@link #retries} times, and only when its pause fits in the deadline
 * ({@link #affords}): no longer than a share of what is left ({@link #waitingAtMost}),
 * and leaving some of it.
 *
 * <p>Immutable: the methods that set a bound return a changed copy.
 */
public final class RetryPolicy {

    private final Duration first;
    private final int maxDoublings;
    private final boolean jitter;
    private final Duration askedAtLeast;
    /** Null: what the upstream asks for is not capped. */
    private final Duration askedAtMost;
    private final int maxRetries;
    private final int shareNumerator;
    private final int shareDenominator;
    private final Supplier<RandomGenerator> random;

    private RetryPolicy(Duration first, int maxDoublings, boolean jitter, Duration askedAtLeast, Duration askedAtMost,
            int maxRetries, int shareNumerator, int shareDenominator, Supplier<RandomGenerator> random) {
        if (first.isNegative() || maxDoublings < 0 || maxRetries < 0 || shareNumerator <= 0
                || shareDenominator < shareNumerator) {
            throw new IllegalArgumentException("a retry policy needs a first pause >= 0, doublings and retries >= 0 "
                    + "and a share of the deadline in (0, 1]");
        }
        this.first = first;
        this.maxDoublings = maxDoublings;
        this.jitter = jitter;
        this.askedAtLeast = askedAtLeast;
        this.askedAtMost = askedAtMost;
        this.maxRetries = maxRetries;
        this.shareNumerator = shareNumerator;
        this.shareDenominator = shareDenominator;
        this.random = random;
    }

    /**
     * Exponential backoff with jitter: {@code first}, doubled per attempt up to
     * {@code maxDoublings} times, plus up to half of it at random. No limit on retries
     * but the deadline's.
     */
    public static RetryPolicy doubling(Duration first, int maxDoublings) {
        return new RetryPolicy(first, maxDoublings, true, Duration.ZERO, null, Integer.MAX_VALUE, 1, 1,
                ThreadLocalRandom::current);
    }

    /** The same pause before every retry, without jitter ({@link Duration#ZERO}: at once). */
    public static RetryPolicy fixed(Duration pause) {
        return new RetryPolicy(pause, 0, false, Duration.ZERO, null, Integer.MAX_VALUE, 1, 1,
                ThreadLocalRandom::current);
    }

    /** At most {@code max} retries (attempts 0 to {@code max - 1} may be followed by another). */
    public RetryPolicy retries(int max) {
        return new RetryPolicy(first, maxDoublings, jitter, askedAtLeast, askedAtMost, max, shareNumerator,
                shareDenominator, random);
    }

    /** A delay the upstream asked for is waited at least {@code floor}. */
    public RetryPolicy askedAtLeast(Duration floor) {
        return new RetryPolicy(first, maxDoublings, jitter, floor, askedAtMost, maxRetries, shareNumerator,
                shareDenominator, random);
    }

    /** A delay the upstream asked for is waited at most {@code cap}. */
    public RetryPolicy askedAtMost(Duration cap) {
        return new RetryPolicy(first, maxDoublings, jitter, askedAtLeast, cap, maxRetries, shareNumerator,
                shareDenominator, random);
    }

    /**
     * A pause may take at most {@code numerator/denominator} of what is left of the
     * deadline (the rest is kept for the answer); 1/1 unless set.
     */
    public RetryPolicy waitingAtMost(int numerator, int denominator) {
        return new RetryPolicy(first, maxDoublings, jitter, askedAtLeast, askedAtMost, maxRetries, numerator,
                denominator, random);
    }

    /** Where the jitter comes from (tests fix it); {@link ThreadLocalRandom} unless set. */
    RetryPolicy withRandom(Supplier<RandomGenerator> source) {
        return new RetryPolicy(first, maxDoublings, jitter, askedAtLeast, askedAtMost, maxRetries, shareNumerator,
                shareDenominator, source);
    }

    /**
     * The pause before the retry that follows attempt {@code attempt} (0 for the first
     * try): {@code asked} within its bounds, or the {@link #backoff} when it is null.
     */
    public Duration pause(int attempt, Duration asked) {
        if (asked == null) {
            return backoff(attempt);
        }
        Duration pause = asked.compareTo(askedAtLeast) >= 0 ? asked : askedAtLeast;
        return askedAtMost != null && pause.compareTo(askedAtMost) > 0 ? askedAtMost : pause;
    }

    /** The pause after attempt {@code attempt} when the upstream asked for none. */
    public Duration backoff(int attempt) {
        long base = first.toMillis() << Math.min(attempt, maxDoublings);
        return Duration.ofMillis(jitter ? base + random.get().nextLong(base / 2 + 1) : base);
    }

    /** Whether attempt {@code attempt} (0 for the first try) may be followed by another. */
    public boolean mayRetry(int attempt) {
        return attempt < maxRetries;
    }

    /** The longest pause this policy lets a request wait inside {@code deadline}. */
    public Duration longestWait(Deadline deadline) {
        return longestWait(deadline.remaining());
    }

    /**
     * Whether the deadline can afford {@code pause} before another try: it is no longer
     * than the policy's share of what is left, and leaves some of it.
     */
    public boolean affords(Duration pause, Deadline deadline) {
        Duration left = deadline.remaining();
        return pause.compareTo(longestWait(left)) <= 0 && pause.compareTo(left) < 0;
    }

    private Duration longestWait(Duration left) {
        return left.multipliedBy(shareNumerator).dividedBy(shareDenominator);
    }
}
