package dev.genieobo.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** MLflow ChatAgent wire records (responses and stream chunks). */
public final class ChatAgentWire {

    private ChatAgentWire() {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(String role, String content, String name, String id,
            @JsonProperty("tool_calls") List<ToolCall> toolCalls,
            @JsonProperty("tool_call_id") String toolCallId) {
    }

    @RegisterForReflection
    public record ToolCall(String id, String type, Function function) {
    }

    @RegisterForReflection
    public record Function(String name, String arguments) {
    }

    @RegisterForReflection
    public record Usage(@JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("total_tokens") long totalTokens) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(List<Message> messages, @JsonProperty("finish_reason") String finishReason, Usage usage,
            @JsonProperty("custom_outputs") Map<String, Object> customOutputs) {
    }

    /** One {@code data:} chunk of a streamed answer; the last message's chunk also carries the totals. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chunk(Message delta, @JsonProperty("finish_reason") String finishReason, Usage usage,
            @JsonProperty("custom_outputs") Map<String, Object> customOutputs) {
    }
}
