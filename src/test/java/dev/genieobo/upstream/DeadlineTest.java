package dev.genieobo.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The turn's one deadline: capped by the token, cancelled by a hang-up, with a fixed close grace. */
@Timeout(30)
class DeadlineTest {

    @Test
    void theTokenExpiryBringsTheDeadlineForwardAndSaysSo() {
        Deadline deadline = Deadline.after(Duration.ofMinutes(5));
        deadline.capAt(Instant.now().plusSeconds(600)); // later than the turn's own budget: no change
        assertEquals(Deadline.Bound.TURN, deadline.bound());
        deadline.capAt(Instant.now().plusSeconds(30));
        assertEquals(Deadline.Bound.TOKEN, deadline.bound());
        assertTrue(deadline.remaining().compareTo(Duration.ofSeconds(31)) < 0, deadline.toString());
        assertTrue(deadline.exceeded("x").tokenExpired());
        assertFalse(Deadline.after(Duration.ofSeconds(1)).exceeded("x").tokenExpired());
    }

    @Test
    void aCancellationWakesAPauseAtOnce() throws Exception {
        Deadline deadline = Deadline.after(Duration.ofMinutes(5));
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread sleeper = Thread.ofVirtual().start(() -> {
            sleeping.countDown();
            try {
                deadline.sleep(Duration.ofMinutes(4), "pausing");
            } catch (RuntimeException e) {
                ended.set(e);
            }
        });
        sleeping.await();
        deadline.cancel();
        assertTrue(sleeper.join(Duration.ofSeconds(10)), "the pause ended");
        assertInstanceOf(TurnCancelledException.class, ended.get());
        assertThrows(TurnCancelledException.class, () -> deadline.check("after"));
    }

    @Test
    void aCancellationRunsWhatWasRegisteredOnceAndWhatIsRegisteredLaterAtOnce() {
        Deadline deadline = Deadline.after(Duration.ofMinutes(5));
        AtomicInteger runs = new AtomicInteger();
        Runnable forgotten = deadline.onCancel(runs::incrementAndGet);
        deadline.forget(forgotten);
        deadline.onCancel(runs::incrementAndGet);
        deadline.cancel();
        deadline.cancel();
        assertEquals(1, runs.get());
        deadline.onCancel(runs::incrementAndGet);
        assertEquals(2, runs.get());
    }

    @Test
    void waitingForWorkStopsAtTheCancellation() {
        Deadline deadline = Deadline.after(Duration.ofMinutes(5));
        CompletableFuture<String> never = new CompletableFuture<>();
        Thread.ofVirtual().start(deadline::cancel);
        assertThrows(TurnCancelledException.class, () -> deadline.await(never, "waiting"));
    }

    @Test
    void closingGetsTheGraceAfterTheTurnStoppedAndCannotBeCancelled() {
        Deadline deadline = Deadline.after(Duration.ofMinutes(5));
        deadline.cancel();
        Deadline closing = deadline.closing();
        assertTrue(closing.remaining().compareTo(Deadline.CLOSE_GRACE) <= 0, closing.toString());
        closing.cancel();
        assertFalse(closing.cancelled());
        Deadline passed = Deadline.after(Duration.ZERO);
        assertTrue(passed.closing().remaining().compareTo(Deadline.CLOSE_GRACE) <= 0);
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse(" 7 "));
        assertEquals(null, RetryAfter.parse("soon"));
        Duration fromDate = RetryAfter.parse(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30)));
        assertTrue(fromDate.compareTo(Duration.ofSeconds(25)) > 0 && fromDate.compareTo(Duration.ofSeconds(31)) < 0,
                String.valueOf(fromDate));
        assertEquals(60, new RateLimitedException("x", Duration.ofMillis(59_001)).retryAfterSeconds());
        assertEquals(1, new RateLimitedException("x", Duration.ZERO).retryAfterSeconds());
    }
}
