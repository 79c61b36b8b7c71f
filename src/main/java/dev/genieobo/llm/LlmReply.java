package dev.genieobo.llm;

import java.util.List;

/** The model's answer to one call: text and/or tool calls. */
public record LlmReply(String content, List<LlmToolCall> toolCalls, String finishReason, Usage usage) {

    public boolean wantsTools() {
        return !toolCalls.isEmpty();
    }
}
