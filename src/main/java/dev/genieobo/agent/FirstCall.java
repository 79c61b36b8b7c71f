package dev.genieobo.agent;

import dev.genieobo.llm.LlmReply;
import java.util.concurrent.Future;

/**
 * The turn's first LLM call, started beside the Genie handshake: its reply, the id
 * its message will have, and, when the caller streams, where its text waits until
 * the turn runs with the caller's listener.
 */
record FirstCall(Future<LlmReply> reply, String messageId, TurnRelay relay) {
}
