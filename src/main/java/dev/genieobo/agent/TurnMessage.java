package dev.genieobo.agent;

import dev.genieobo.llm.LlmToolCall;
import java.util.List;
import java.util.UUID;

/**
 * A message of a conversation as the agent sees it, independent of any wire
 * format: user, assistant (maybe with tool calls), tool (with the call id), system.
 */
public record TurnMessage(String id, String role, String content, List<LlmToolCall> toolCalls, String toolCallId,
        String name) {

    public TurnMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static TurnMessage assistant(String content, List<LlmToolCall> toolCalls) {
        return new TurnMessage(newId(), "assistant", content, toolCalls, null, null);
    }

    public static TurnMessage tool(String toolCallId, String name, String content) {
        return new TurnMessage(newId(), "tool", content, List.of(), toolCallId, name);
    }
}
