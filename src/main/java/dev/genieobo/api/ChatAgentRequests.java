package dev.genieobo.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genieobo.agent.ToolCall;
import dev.genieobo.agent.TurnMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks a ChatAgent request body
 * ({@code {messages, context?, custom_inputs?, stream?}}) into an
 * {@link dev.genieobo.agent.AgentTurn}: its messages here, what every format shares
 * in {@link TurnRequests}. Every problem is a {@link BadRequestException} that says
 * which field is wrong.
 */
@ApplicationScoped
public class ChatAgentRequests {

    static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private final TurnRequests common;

    public ChatAgentRequests(TurnRequests common) {
        this.common = common;
    }

    public TurnEndpoint.Request parse(byte[] body) {
        JsonNode root = common.json(body);
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new BadRequestException("'messages' must be an array of messages");
        }
        List<TurnMessage> history = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            history.add(message(messages.get(i), "messages[" + i + "]"));
        }
        common.checkConversation(history, "messages");
        return new TurnEndpoint.Request(common.turn(history, root.get("custom_inputs")), common.stream(root));
    }

    private TurnMessage message(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException("'" + where + "' must be an object");
        }
        String role = node.path("role").asText(null);
        if (role == null || !ROLES.contains(role)) {
            throw new BadRequestException("'" + where + ".role' must be one of system, user, assistant, tool; got "
                    + (role == null ? "nothing" : "'" + TurnRequests.clip(role) + "'"));
        }
        JsonNode content = node.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw new BadRequestException("'" + where + ".content' must be a string");
        }
        String text = content == null || content.isNull() ? null : content.asText();
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = node.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!"assistant".equals(role) || !toolCalls.isArray()) {
                throw new BadRequestException("'" + where + ".tool_calls' is only allowed as an array on assistant messages");
            }
            for (JsonNode call : toolCalls) {
                String id = call.path("id").asText("");
                String name = call.path("function").path("name").asText("");
                if (id.isEmpty() || name.isEmpty()) {
                    throw new BadRequestException("'" + where + ".tool_calls' entries need an id and function.name");
                }
                JsonNode arguments = call.path("function").path("arguments");
                calls.add(new ToolCall(id, name, arguments.isTextual() ? arguments.asText() : arguments.toString()));
            }
        }
        String toolCallId = node.path("tool_call_id").asText(null);
        String name = node.path("name").asText(null);
        if ("tool".equals(role) && (toolCallId == null || toolCallId.isBlank())) {
            throw new BadRequestException("'" + where + "' has role 'tool' and needs a 'tool_call_id'");
        }
        String id = node.path("id").asText(null);
        return new TurnMessage(id == null ? TurnMessage.newId() : id, role, text, calls, toolCallId, name);
    }
}
