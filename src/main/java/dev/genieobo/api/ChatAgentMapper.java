package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.agent.ToolCall;
import dev.genieobo.agent.TokenUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agent results to ChatAgent wire records. */
final class ChatAgentMapper {

    private ChatAgentMapper() {
    }

    static ChatAgentWire.Response response(TurnResult result) {
        return new ChatAgentWire.Response(result.messages().stream().map(ChatAgentMapper::message).toList(),
                result.finishReason(), usage(result.usage()), customOutputs(result));
    }

    static ChatAgentWire.Message message(TurnMessage m) {
        List<ChatAgentWire.ToolCall> calls = m.toolCalls().isEmpty() ? null
                : m.toolCalls().stream().map(ChatAgentMapper::toolCall).toList();
        String content = m.content();
        if (content == null && !"tool".equals(m.role())) {
            content = "";
        }
        return new ChatAgentWire.Message(m.role(), content, m.name(), m.id(), calls, m.toolCallId());
    }

    private static ChatAgentWire.ToolCall toolCall(ToolCall call) {
        return new ChatAgentWire.ToolCall(call.id(), "function",
                new ChatAgentWire.Function(call.name(), call.arguments()));
    }

    static ChatAgentWire.Usage usage(TokenUsage usage) {
        return new ChatAgentWire.Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }

    /** {@code {"genie": {space: {conversation_id, message_id, status, sql}}, "unavailable_spaces": [...]}}. */
    static Map<String, Object> customOutputs(TurnResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("genie", GenieOutputs.bySpace(result));
        out.put("unavailable_spaces", result.unavailableSpaces());
        return out;
    }
}
