package dev.genieobo.agent;


/**
 * Hears a turn as it happens, for a caller who watches it (a stream, an MCP client
 * with a progress token). Every method may be called from any thread, tool calls of
 * one reply concurrently; none may block for long.
 */
public interface TurnListener {

    TurnListener NONE = new TurnListener() {
    };

    /** Whether the caller watches the answer being written: then the LLM is asked to stream. */
    default boolean streaming() {
        return false;
    }

    /** A piece of the text of assistant message {@code messageId}, as the LLM generates it. */
    default void textDelta(String messageId, String text) {
    }

    /** A complete message of the turn (its text may have come as deltas before). */
    default void message(TurnMessage message) {
    }

    /**
     * Genie's status changed while it answers {@code call}; {@code messageId} is the id
     * the call's tool message will have.
     */
    default void genieStatus(String messageId, ToolCall call, String spaceId, String status) {
    }
}
