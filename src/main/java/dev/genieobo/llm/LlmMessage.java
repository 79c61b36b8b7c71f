package dev.genieobo.llm;

import java.util.List;

/**
 * One chat-completions message. {@code toolCalls} only on assistant messages,
 * {@code toolCallId} and {@code name} only on tool messages.
 */
public record LlmMessage(String role, String content, List<LlmToolCall> toolCalls, String toolCallId, String name) {

    public static LlmMessage system(String content) {
        return new LlmMessage("system", content, List.of(), null, null);
    }

    public static LlmMessage user(String content) {
        return new LlmMessage("user", content, List.of(), null, null);
    }

    public static LlmMessage assistant(String content, List<LlmToolCall> toolCalls) {
        return new LlmMessage("assistant", content, toolCalls == null ? List.of() : toolCalls, null, null);
    }

    public static LlmMessage tool(String toolCallId, String name, String content) {
        return new LlmMessage("tool", content, List.of(), toolCallId, name);
    }
}
