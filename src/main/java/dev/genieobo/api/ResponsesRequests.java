package dev.genieobo.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.ToolCall;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a ResponsesAgent request ({@code {input, custom_inputs?, context?, stream?}})
 * into a turn. Input items are messages ({@code role} + string content or
 * {@code input_text}/{@code output_text} parts), {@code function_call} and
 * {@code function_call_output} items from earlier answers. The checks are those
 * of every format ({@link TurnRequests}).
 */
@ApplicationScoped
public class ResponsesRequests {

    private final TurnRequests common;

    public ResponsesRequests(TurnRequests common) {
        this.common = common;
    }

    public TurnEndpoint.Request parse(byte[] body) {
        JsonNode root = common.json(body);
        JsonNode input = root.get("input");
        List<TurnMessage> history = new ArrayList<>();
        if (input != null && input.isTextual()) {
            history.add(new TurnMessage(TurnMessage.newId(), "user", input.asText(), List.of(), null, null));
        } else if (input != null && input.isArray()) {
            Map<String, String> toolNames = new HashMap<>();
            for (int i = 0; i < input.size(); i++) {
                add(input.get(i), "input[" + i + "]", history, toolNames);
            }
        } else {
            throw new BadRequestException("'input' must be a string or an array of items");
        }
        common.checkConversation(history, "input");
        return new TurnEndpoint.Request(common.turn(history, root.get("custom_inputs")), common.stream(root));
    }

    private static void add(JsonNode item, String where, List<TurnMessage> history, Map<String, String> toolNames) {
        if (item == null || !item.isObject()) {
            throw new BadRequestException("'" + where + "' must be an object");
        }
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> {
                String role = item.path("role").asText(null);
                if ("developer".equals(role)) {
                    role = "system";
                }
                if (role == null || !List.of("user", "assistant", "system").contains(role)) {
                    throw new BadRequestException("'" + where + ".role' must be one of user, assistant, system, developer; got "
                            + (role == null ? "nothing" : "'" + TurnRequests.clip(role) + "'"));
                }
                history.add(new TurnMessage(item.path("id").asText(TurnMessage.newId()), role,
                        text(item.get("content"), where), List.of(), null, null));
            }
            case "function_call" -> {
                String callId = required(item, "call_id", where);
                String name = required(item, "name", where);
                JsonNode arguments = item.path("arguments");
                toolNames.put(callId, name);
                ToolCall call = new ToolCall(callId, name, arguments.isTextual() ? arguments.asText() : arguments.toString());
                TurnMessage previous = history.isEmpty() ? null : history.get(history.size() - 1);
                if (previous != null && "assistant".equals(previous.role()) && !previous.toolCalls().isEmpty()) {
                    List<ToolCall> calls = new ArrayList<>(previous.toolCalls());
                    calls.add(call);
                    history.set(history.size() - 1, new TurnMessage(previous.id(), "assistant", previous.content(), calls,
                            null, null));
                } else {
                    history.add(new TurnMessage(TurnMessage.newId(), "assistant", "", List.of(call), null, null));
                }
            }
            case "function_call_output" -> {
                String callId = required(item, "call_id", where);
                JsonNode output = item.path("output");
                history.add(new TurnMessage(TurnMessage.newId(), "tool", output.isTextual() ? output.asText() : output.toString(),
                        List.of(), callId, toolNames.getOrDefault(callId, "tool")));
            }
            default -> throw new BadRequestException("'" + where + ".type' must be message, function_call or "
                    + "function_call_output; got '" + TurnRequests.clip(type) + "'");
        }
    }

    private static String text(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                String type = part.path("type").asText();
                if (!List.of("input_text", "output_text", "text").contains(type)) {
                    throw new BadRequestException("'" + where + ".content' parts must be input_text or output_text");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw new BadRequestException("'" + where + ".content' must be a string or a list of text parts");
    }

    private static String required(JsonNode item, String field, String where) {
        String value = item.path(field).asText("");
        if (value.isBlank()) {
            throw new BadRequestException("'" + where + "." + field + "' is required");
        }
        return value;
    }
}
