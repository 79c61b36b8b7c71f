package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.agent.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Agent results to ResponsesAgent output items. */
final class ResponsesMapper {

    private ResponsesMapper() {
    }

    static Map<String, Object> response(TurnResult result) {
        List<Map<String, Object>> output = new ArrayList<>();
        result.messages().forEach(m -> output.addAll(items(m)));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", "resp_" + UUID.randomUUID().toString().replace("-", ""));
        response.put("object", "response");
        response.put("output", output);
        response.put("usage", usage(result));
        response.put("custom_outputs", ChatAgentMapper.customOutputs(result));
        return response;
    }

    static Map<String, Object> usage(TurnResult result) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", result.usage().promptTokens());
        usage.put("output_tokens", result.usage().completionTokens());
        usage.put("total_tokens", result.usage().totalTokens());
        return usage;
    }

    /** The output items one turn message becomes. */
    static List<Map<String, Object>> items(TurnMessage m) {
        List<Map<String, Object>> items = new ArrayList<>();
        switch (m.role()) {
            case "assistant" -> {
                if (m.content() != null && !m.content().isBlank() || m.toolCalls().isEmpty()) {
                    items.add(message(m));
                }
                for (ToolCall call : m.toolCalls()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("type", "function_call");
                    item.put("id", "fc_" + call.id());
                    item.put("call_id", call.id());
                    item.put("name", call.name());
                    item.put("arguments", call.arguments());
                    items.add(item);
                }
            }
            case "tool" -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("type", "function_call_output");
                item.put("call_id", m.toolCallId());
                item.put("output", m.content());
                items.add(item);
            }
            default -> {
            }
        }
        return items;
    }

    static Map<String, Object> message(TurnMessage m) {
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("type", "output_text");
        text.put("text", m.content() == null ? "" : m.content());
        text.put("annotations", List.of());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "message");
        item.put("id", m.id());
        item.put("role", "assistant");
        item.put("content", List.of(text));
        return item;
    }
}
