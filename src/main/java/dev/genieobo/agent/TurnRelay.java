package dev.genieobo.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds the text deltas of a turn's first LLM call, which starts before the caller's
 * stream is open (beside the Genie handshake), and hands them on, in order, once the
 * turn runs with its listener.
 */
final class TurnRelay {

    private TurnListener target;
    private final List<Runnable> held = new ArrayList<>();

    synchronized void textDelta(String messageId, String text) {
        if (target == null) {
            held.add(() -> target.textDelta(messageId, text));
        } else {
            target.textDelta(messageId, text);
        }
    }

    /** From now on deltas go straight to {@code listener}; those held go first. */
    synchronized void attach(TurnListener listener) {
        target = listener;
        held.forEach(Runnable::run);
        held.clear();
    }
}
