package dev.genieobo.agent;

import dev.genieobo.llm.LlmClient;
import dev.genieobo.llm.LlmMessage;
import dev.genieobo.llm.LlmReply;
import dev.genieobo.llm.LlmTool;
import dev.genieobo.llm.LlmToolCall;
import dev.genieobo.upstream.Deadline;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent's side of the LLM: one call (streamed when someone watches the text),
 * timed for the turn's telemetry, and the agent's messages and tool calls in the
 * LLM client's types and back. The API speaks only the agent's types.
 */
final class LlmBridge {

    private final LlmClient llm;

    LlmBridge(LlmClient llm) {
        this.llm = llm;
    }

    /** One LLM call; with {@code onText}, streamed (each piece of its text goes there as it arrives). */
    LlmReply call(List<LlmMessage> conversation, List<LlmTool> tools, Deadline deadline, TurnTelemetry telemetry,
            Consumer<String> onText) {
        long started = System.nanoTime();
        try {
            return onText == null ? llm.complete(conversation, tools, deadline)
                    : llm.stream(conversation, tools, deadline, onText);
        } finally {
            telemetry.llmWaited(System.nanoTime() - started);
        }
    }

    static LlmMessage toLlm(TurnMessage message) {
        return new LlmMessage(message.role(), message.content(), toLlm(message.toolCalls()), message.toolCallId(),
                message.name());
    }

    static List<LlmToolCall> toLlm(List<ToolCall> calls) {
        return calls.stream().map(c -> new LlmToolCall(c.id(), c.name(), c.arguments())).toList();
    }

    static List<ToolCall> fromLlm(List<LlmToolCall> calls) {
        return calls.stream().map(c -> new ToolCall(c.id(), c.name(), c.arguments())).toList();
    }
}
