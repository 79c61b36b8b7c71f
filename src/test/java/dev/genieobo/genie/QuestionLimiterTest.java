package dev.genieobo.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-instance question limiter: at most N per window, in arrival order, refusing what would wait too long to be answered before its deadline. */
@Timeout(10)
class QuestionLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void noWindowOfAMinuteEverHoldsMoreThanTheLimitAndQuestionsGoInArrivalOrder() {
        QuestionLimiter limiter = new QuestionLimiter(3, Duration.ofMinutes(1));
        List<Long> slots = new ArrayList<>();
        long now = 1_000 * SECOND;
        for (int i = 0; i < 20; i++) {
            now += (i % 4) * SECOND; // bursts and gaps
            long slot = limiter.reserve(now, now + 3_600 * SECOND);
            assertTrue(slot >= now, "never before it arrived");
            slots.add(slot);
        }
        for (int i = 1; i < slots.size(); i++) {
            assertTrue(slots.get(i) >= slots.get(i - 1), "arrival order: " + slots);
        }
        for (int i = 3; i < slots.size(); i++) {
            assertTrue(slots.get(i) - slots.get(i - 3) >= 60 * SECOND,
                    "a fourth question in one minute: " + slots.subList(i - 3, i + 1));
        }
    }

    @Test
    void aQuestionWhoseTurnComesAfterItsDeadlineIsNotQueued() {
        QuestionLimiter limiter = new QuestionLimiter(2, Duration.ofMinutes(1));
        long now = 5 * SECOND;
        assertEquals(now, limiter.reserve(now, now + 20 * SECOND));
        assertEquals(now, limiter.reserve(now, now + 20 * SECOND));
        assertEquals(Long.MIN_VALUE, limiter.reserve(now, now + 20 * SECOND), "its time would be a minute later");
        assertEquals(60 * SECOND, limiter.waitFor(now));
        assertEquals(now + 60 * SECOND, limiter.reserve(now, now + 90 * SECOND), "a longer deadline waits for it");
    }
}
