package dev.genieobo.genie;

import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.RateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * This instance's own limit on new questions to Genie
 * ({@code genie-obo.genie.max-questions-per-minute}), so that a burst waits its turn
 * instead of running into Genie's refusals. Every question reserves the next free
 * send time under one lock: at most N in any window of a minute, in arrival order.
 * A question whose time would come too late to be answered (later than three
 * quarters of the way to its deadline: Genie needs the rest to answer) is not queued:
 * it gets {@link RateLimitedException} at once, with the time it would have waited.
 * Polls are not questions and pass freely. Nothing of a caller is kept here.
 *
 * <p>The window is a minute and a second: Genie counts a question when it arrives,
 * and arrivals jitter. With a window of exactly a minute, the first question of the
 * next minute, sent the moment our count allowed it, reached the simulated Genie
 * 14 ms before its oldest question left Genie's window, and was refused.
 */
@ApplicationScoped
public class QuestionLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1).plusSeconds(1);

    private final int limit;
    private final long windowNanos;
    /** Send times of the last {@code limit} questions granted, oldest first (System.nanoTime()). */
    private final ArrayDeque<Long> granted = new ArrayDeque<>();

    @jakarta.inject.Inject
    public QuestionLimiter(GenieConfig config) {
        this(config.maxQuestionsPerMinute().orElse(0), WINDOW);
    }

    QuestionLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    public boolean enabled() {
        return limit > 0;
    }

    /** Waits (inside the deadline) until this question may be sent. */
    public void acquire(Deadline deadline, String what) {
        if (!enabled()) {
            return;
        }
        long now = System.nanoTime();
        long latest = now + GenieRefusal.longestWait(deadline).toNanos();
        long slot = reserve(now, latest);
        if (slot == Long.MIN_VALUE) {
            throw new RateLimitedException("this function sends Genie at most " + limit
                    + " questions per minute (genie-obo.genie.max-questions-per-minute) and " + what
                    + " would have to wait too long to be answered before the request's deadline",
                    Duration.ofNanos(waitFor(now)));
        }
        if (slot - now > 0) {
            deadline.sleep(Duration.ofNanos(slot - now), "waiting for this function's question limit");
        }
    }

    /**
     * Reserves the earliest send time at or after {@code now} that keeps at most
     * {@code limit} questions in any window, if it is no later than {@code latest};
     * otherwise reserves nothing and returns {@link Long#MIN_VALUE}.
     */
    synchronized long reserve(long now, long latest) {
        long slot = now;
        if (granted.size() == limit) {
            slot = Math.max(now, granted.peekFirst() + windowNanos);
        }
        if (slot - latest > 0) {
            return Long.MIN_VALUE;
        }
        if (granted.size() == limit) {
            granted.pollFirst();
        }
        granted.addLast(slot);
        return slot;
    }

    /** How long a question arriving at {@code now} would wait for its send time. */
    synchronized long waitFor(long now) {
        return granted.size() < limit ? 0 : Math.max(0, granted.peekFirst() + windowNanos - now);
    }
}
