package dev.genieobo.api;

import dev.genieobo.agent.TurnListener;
import dev.genieobo.agent.TurnResult;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One turn written as events as it happens: it hears the turn (text deltas, whole
 * messages, Genie's statuses) and writes each in its wire format, then the end.
 * Events may come from several threads (the LLM stream, concurrent tool calls);
 * {@link SseWriter} writes one at a time.
 */
abstract class TurnStream implements TurnListener {

    protected final SseWriter sse;
    /** Messages whose text already went out as deltas (their whole form then carries none). */
    private final Set<String> streamed = ConcurrentHashMap.newKeySet();

    TurnStream(SseWriter sse) {
        this.sse = sse;
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public final void textDelta(String messageId, String text) {
        streamed.add(messageId);
        delta(messageId, text);
    }

    /** Writes a piece of the text of an assistant message. */
    abstract void delta(String messageId, String text);

    /** Whether the text of {@code messageId} went out as deltas. */
    boolean streamed(String messageId) {
        return streamed.contains(messageId);
    }

    /** The turn's end: the totals (usage, Genie ids) after the last message. */
    abstract void finish(TurnResult result);

    /** A failure after the stream started, after whatever was written already. */
    abstract void error(ApiError error);
}
