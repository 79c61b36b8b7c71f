package dev.genieobo.api;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices a caller hanging up: the connection closes before the answer has ended.
 * Made on the request's event loop ({@link #watch}); the turn, on any thread, says
 * what a hang-up should do ({@link #then}), usually cancel its deadline.
 */
public final class HangUp {

    private final AtomicBoolean happened = new AtomicBoolean();
    private volatile Runnable action;

    private HangUp() {
    }

    /** Watches {@code rc}'s connection from now on; call on the request's event loop. */
    public static HangUp watch(RoutingContext rc) {
        HangUp hangUp = new HangUp();
        // Vert.x Web ends these handlers with a failure when the connection closes before the answer ends
        rc.addEndHandler(ended -> {
            if (ended.failed()) {
                hangUp.happened.set(true);
                Runnable pending = hangUp.action;
                if (pending != null) {
                    pending.run();
                }
            }
        });
        return hangUp;
    }

    /** Runs {@code action} when the caller hangs up, or at once if it already has (twice is harmless). */
    public void then(Runnable action) {
        this.action = action;
        if (happened.get()) {
            action.run();
        }
    }
}
