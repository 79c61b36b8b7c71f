package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;

/** How one wire format writes a turn as Server-Sent Events. */
interface StreamFormat {

    /** A message of the turn that is not the last one. */
    void message(TurnMessage message, SseWriter sse);

    /** The final answer, with the turn's totals. */
    void finish(TurnMessage last, TurnResult result, SseWriter sse);

    /** A failure after the stream started. */
    void error(ApiError error, SseWriter sse);
}
