package dev.genieobo.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one point in time by which everything of a turn must be done, and the
 * turn's one cancellation. It starts when the request arrives (so it bounds the
 * caller's verification too), is capped at the caller's token expiry once that
 * is known ({@link #capAt}), and is cancelled when the caller hangs up
 * ({@link #cancel}). Every upstream wait of the turn is bounded by
 * {@link #remaining()} and wakes at a cancellation: requests in flight are reset,
 * pauses ({@link #sleep}) end at once.
 *
 * <p>Closing requests (an MCP session's {@code DELETE}) run on {@link #closing()}:
 * at most {@link #CLOSE_GRACE} past the point where the turn stopped (its end,
 * its deadline or its cancellation, whichever came first), never cancelled.
 */
public final class Deadline {

    /** How long closing requests may take once a turn has stopped: fixed, so a caller knows the worst case. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    /** What the deadline is set by. */
    public enum Bound {
        /** The turn's own budget ({@code genie-obo.agent.timeout}). */
        TURN,
        /** The caller's token expires before the turn's budget ends. */
        TOKEN
    }

    private volatile long expiresAtNanos;
    private volatile Bound bound;
    private final boolean cancellable;
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private volatile long cancelledAtNanos;
    private final Queue<Runnable> onCancel = new ConcurrentLinkedQueue<>();

    private Deadline(long expiresAtNanos, Bound bound, boolean cancellable) {
        this.expiresAtNanos = expiresAtNanos;
        this.bound = bound;
        this.cancellable = cancellable;
    }

    /** A turn's deadline, {@code budget} from now. */
    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), Bound.TURN, true);
    }

    /**
     * Brings the deadline forward to {@code expiry} (the caller's token expiry) when
     * that comes first; never moves it later.
     */
    public synchronized void capAt(Instant expiry) {
        long at = System.nanoTime() + Duration.between(Instant.now(), expiry).toNanos();
        if (at - expiresAtNanos < 0) {
            expiresAtNanos = at;
            bound = Bound.TOKEN;
        }
    }

    public Bound bound() {
        return bound;
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

    /**
     * Throws when the turn may not go on: {@link TurnCancelledException} after a
     * cancellation, {@link DeadlineExceededException} once the deadline has passed.
     */
    public void check(String during) {
        if (cancelled()) {
            throw new TurnCancelledException(during);
        }
        if (expired()) {
            throw exceeded(during);
        }
    }

    /** The failure for this deadline having passed while {@code during}: it says whether the token set it. */
    public DeadlineExceededException exceeded(String during) {
        return new DeadlineExceededException(during, bound == Bound.TOKEN);
    }

    /** The failure for whatever stopped a wait: the cancellation, or the deadline. */
    public RuntimeException stopped(String during) {
        return cancelled() ? new TurnCancelledException(during) : exceeded(during);
    }

    /**
     * Ends the turn at once (the caller hung up): pauses wake, registered requests are
     * reset. Idempotent; a closing deadline ignores it.
     */
    public void cancel() {
        if (!cancellable || cancelledAtNanos != 0) {
            return;
        }
        cancelledAtNanos = System.nanoTime() | 1; // never 0
        cancelled.complete(null);
        for (Runnable action; (action = onCancel.poll()) != null;) {
            action.run();
        }
    }

    public boolean cancelled() {
        return cancelledAtNanos != 0;
    }

    /** False for a {@link #closing()} or {@link #detached} deadline, which nothing cancels. */
    public boolean cancellable() {
        return cancellable;
    }

    /**
     * Runs {@code action} when the turn is cancelled (at once if it already is).
     * Returns a handle for {@link #forget}.
     */
    public Runnable onCancel(Runnable action) {
        if (!cancellable) {
            return action;
        }
        onCancel.add(action);
        if (cancelled() && onCancel.remove(action)) {
            action.run();
        }
        return action;
    }

    /** Drops an action registered with {@link #onCancel} (its work ended). */
    public void forget(Runnable handle) {
        if (cancellable) {
            onCancel.remove(handle);
        }
    }

    /**
     * Pauses for {@code pause} (capped at what is left), waking at once when the turn
     * is cancelled.
     *
     * @throws TurnCancelledException when cancelled before or during the pause
     */
    public void sleep(Duration pause, String during) {
        check(during);
        Duration wait = cap(pause);
        if (wait.isZero()) {
            return;
        }
        try {
            cancelled.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            throw new TurnCancelledException(during);
        } catch (TimeoutException slept) {
            // the pause ended normally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnCancelledException(during);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Waits for {@code work} at most until the deadline, waking at a cancellation (the
     * work is cancelled then); its failure is rethrown as it was (a runtime exception),
     * or as an {@link UpstreamException}.
     */
    public <T> T await(CompletableFuture<T> work, String during) {
        Runnable handle = onCancel(() -> work.cancel(false));
        try {
            return work.get(remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | java.util.concurrent.CancellationException e) {
            work.cancel(false); // whoever does the work may stop it (a REST client call is aborted)
            throw stopped(during);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnCancelledException(during);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new UpstreamException(during + " failed (" + e.getCause().getClass().getSimpleName() + ")");
        } finally {
            forget(handle);
        }
    }

    /**
     * Where closing requests run: until {@link #CLOSE_GRACE} after the turn stopped
     * (now, or its deadline or cancellation if earlier). Not cancellable.
     */
    public Deadline closing() {
        long now = System.nanoTime();
        long stopped = cancelledAtNanos != 0 ? cancelledAtNanos : now;
        if (expiresAtNanos - stopped < 0) {
            stopped = expiresAtNanos;
        }
        return new Deadline(stopped + CLOSE_GRACE.toNanos(), Bound.TURN, false);
    }

    /** A deadline for work outside any turn (a key prefetch at startup): never cancelled. */
    public static Deadline detached(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), Bound.TURN, false);
    }

    @Override
    public String toString() {
        return "Deadline[" + remaining().toMillis() + " ms left, " + bound + (cancelled() ? ", cancelled]" : "]");
    }
}
