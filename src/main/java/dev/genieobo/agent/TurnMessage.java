package dev.genieobo.agent;

import java.util.List;
import java.util.UUID;

/**
 * A message of a conversation as the agent sees it, independent of any wire
 * format: user, assistant (maybe with tool calls), tool (with the call id), system.
 */
public record TurnMessage(String id, String role, String content, List<ToolCall> toolCalls, String toolCallId,
        String name) {

    public TurnMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static TurnMessage assistant(String content, List<ToolCall> toolCalls) {
        return assistant(newId(), content, toolCalls);
    }

    /** An assistant message under an id given before it existed (its text streamed under that id). */
    public static TurnMessage assistant(String id, String content, List<ToolCall> toolCalls) {
        return new TurnMessage(id, "assistant", content, toolCalls, null, null);
    }

    public static TurnMessage tool(String toolCallId, String name, String content) {
        return tool(newId(), toolCallId, name, content);
    }

    /** A tool message under an id given before it existed (Genie's statuses were reported under it). */
    public static TurnMessage tool(String id, String toolCallId, String name, String content) {
        return new TurnMessage(id, "tool", content, List.of(), toolCallId, name);
    }
}
