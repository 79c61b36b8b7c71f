package dev.genieobo.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one backoff: its jitter's bounds, what an upstream asks for, and what the deadline can afford. */
@Timeout(10)
class RetryPolicyTest {

    /** A source of jitter that always draws {@code bound - 1} (the most) or 0 (the least). */
    private static RandomGenerator always(boolean most) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only bounded draws");
            }

            @Override
            public long nextLong(long bound) {
                return most ? bound - 1 : 0;
            }
        };
    }

    @Test
    void theBackoffDoublesUpToItsLimitWithAJitterOfUpToHalf() {
        RetryPolicy least = RetryPolicy.doubling(Duration.ofMillis(200), 3).withRandom(() -> always(false));
        RetryPolicy most = RetryPolicy.doubling(Duration.ofMillis(200), 3).withRandom(() -> always(true));
        long[] bases = { 200, 400, 800, 1600, 1600, 1600 };
        for (int attempt = 0; attempt < bases.length; attempt++) {
            assertEquals(Duration.ofMillis(bases[attempt]), least.pause(attempt, null), "attempt " + attempt);
            assertEquals(Duration.ofMillis(bases[attempt] + bases[attempt] / 2), most.pause(attempt, null),
                    "attempt " + attempt);
        }
        SplittableRandom seeded = new SplittableRandom(24);
        RetryPolicy drawn = RetryPolicy.doubling(Duration.ofMillis(1000), 5).withRandom(() -> seeded);
        boolean varied = false;
        for (int i = 0; i < 1_000; i++) {
            long pause = drawn.backoff(2).toMillis();
            assertTrue(pause >= 4000 && pause <= 6000, pause + " ms");
            varied |= pause != 4000;
        }
        assertTrue(varied, "jitter");
        assertEquals(Duration.ofMillis(50), RetryPolicy.fixed(Duration.ofMillis(50)).pause(7, null), "no jitter");
    }

    @Test
    void aDelayTheUpstreamAskedForIsWaitedWithinItsBounds() {
        RetryPolicy plain = RetryPolicy.doubling(Duration.ofMillis(200), 10).withRandom(() -> always(true));
        assertEquals(Duration.ofSeconds(7), plain.pause(3, Duration.ofSeconds(7)), "Retry-After over the backoff");
        assertEquals(Duration.ZERO, plain.pause(0, Duration.ZERO));
        RetryPolicy bounded = plain.askedAtLeast(Duration.ofMillis(200)).askedAtMost(Duration.ofSeconds(10));
        assertEquals(Duration.ofMillis(200), bounded.pause(0, Duration.ofMillis(5)), "floored");
        assertEquals(Duration.ofSeconds(10), bounded.pause(0, Duration.ofMinutes(3)), "capped");
        assertEquals(Duration.ofSeconds(4), bounded.pause(0, Duration.ofSeconds(4)));
    }

    @Test
    void noRetryWhenTheDeadlineCannotAffordItsPauseOrTheRetriesAreSpent() {
        Deadline tenMinutes = Deadline.after(Duration.ofMinutes(10));
        RetryPolicy all = RetryPolicy.doubling(Duration.ofMillis(200), 10);
        assertTrue(all.affords(Duration.ofMinutes(9), tenMinutes));
        assertFalse(all.affords(Duration.ofMinutes(10), tenMinutes), "nothing would be left for the try");
        RetryPolicy threeQuarters = all.waitingAtMost(3, 4);
        assertTrue(threeQuarters.affords(Duration.ofMinutes(7), tenMinutes));
        assertFalse(threeQuarters.affords(Duration.ofMinutes(8), tenMinutes), "a quarter is kept for the answer");
        assertTrue(threeQuarters.longestWait(tenMinutes).compareTo(Duration.ofSeconds(450)) <= 0);
        Deadline passed = Deadline.after(Duration.ZERO);
        assertFalse(RetryPolicy.fixed(Duration.ZERO).affords(Duration.ZERO, passed), "not even at once");

        RetryPolicy three = all.retries(3);
        assertTrue(three.mayRetry(0) && three.mayRetry(2));
        assertFalse(three.mayRetry(3));
        assertFalse(RetryPolicy.fixed(Duration.ZERO).retries(0).mayRetry(0));
        assertTrue(all.mayRetry(1_000_000), "unlimited but for the deadline");
        assertThrows(IllegalArgumentException.class, () -> all.waitingAtMost(5, 4));
    }
}
