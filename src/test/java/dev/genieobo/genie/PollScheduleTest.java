package dev.genieobo.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poll schedule: quick at first, then a share of the time waited, never more polls than a fixed 500 ms over a long answer. */
@Timeout(10)
class PollScheduleTest {

    private final PollSchedule defaults = new PollSchedule(Duration.ofMillis(100), Duration.ofSeconds(2), 0.05);

    @Test
    void startsAtTheShortestPauseGrowsWithTheWaitAndStopsAtTheLongest() {
        assertEquals(Duration.ofMillis(100), defaults.next(Duration.ZERO));
        assertEquals(Duration.ofMillis(100), defaults.next(Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(150), defaults.next(Duration.ofSeconds(3)));
        assertEquals(Duration.ofMillis(500), defaults.next(Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(2), defaults.next(Duration.ofMinutes(10)));
    }

    /** Polls sent until an answer of {@code answer} is seen, and how late it is seen. */
    private static long[] polls(PollSchedule schedule, Duration answer) {
        long t = 0;
        long polls = 0;
        while (t < answer.toNanos()) {
            t += schedule.next(Duration.ofNanos(t)).toNanos();
            polls++;
        }
        return new long[] { polls, (t - answer.toNanos()) / 1_000_000 };
    }

    @Test
    void aShortAnswerIsSeenSoonAndALongOneCostsFewerPollsThanAFixedInterval() {
        PollSchedule fixed = new PollSchedule(Duration.ofMillis(500), Duration.ofMillis(500), 0);
        long[] short3s = polls(defaults, Duration.ofMillis(3_050));
        assertTrue(short3s[1] <= 150, "a 3 s answer is seen within 150 ms: " + short3s[1]);
        for (Duration answer : new Duration[] { Duration.ofSeconds(45), Duration.ofMinutes(2), Duration.ofMinutes(4) }) {
            long ours = polls(defaults, answer)[0];
            long theirs = polls(fixed, answer)[0];
            assertTrue(ours < theirs, answer + ": " + ours + " polls against " + theirs + " at a fixed 500 ms");
        }
    }
}
