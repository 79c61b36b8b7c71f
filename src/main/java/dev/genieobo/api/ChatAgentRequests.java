package dev.genieobo.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.agent.AgentTurn;
import dev.genieobo.agent.TurnMessage;
import dev.genieobo.genie.GenieConfig;
import dev.genieobo.llm.LlmToolCall;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a ChatAgent request body
 * ({@code {messages, context?, custom_inputs?, stream?}}) into an
 * {@link AgentTurn}. Every problem is a {@link BadRequestException} that says
 * which field is wrong.
 *
 * <p>{@code custom_inputs} may narrow the spaces ({@code space_ids}, a subset of
 * the configured ones) and continue Genie conversations
 * ({@code conversation_ids}: space id to conversation id).
 */
@ApplicationScoped
public class ChatAgentRequests {

    public static final int MAX_MESSAGES = 200;
    static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private final ObjectMapper mapper;
    private final GenieConfig genie;

    public ChatAgentRequests(ObjectMapper mapper, GenieConfig genie) {
        this.mapper = mapper;
        this.genie = genie;
    }

    public TurnEndpoint.Request parse(byte[] body) {
        JsonNode root = json(body);
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new BadRequestException("'messages' must be an array of messages");
        }
        List<TurnMessage> history = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            history.add(message(messages.get(i), "messages[" + i + "]"));
        }
        checkConversation(history, "messages");
        return new TurnEndpoint.Request(turn(history, root.get("custom_inputs")), stream(root));
    }

    JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("the request body is empty; send a JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("the request body must be a JSON object");
        }
        JsonNode context = root.get("context");
        if (context != null && !context.isNull() && !context.isObject()) {
            throw new BadRequestException("'context' must be an object");
        }
        return root;
    }

    boolean stream(JsonNode root) {
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new BadRequestException("'stream' must be true or false");
        }
        return stream != null && stream.asBoolean(false);
    }

    /** The history must be 1..200 messages and end with a user message that has text. */
    void checkConversation(List<TurnMessage> history, String field) {
        if (history.isEmpty()) {
            throw new BadRequestException("'" + field + "' is empty; the last message must be the user's question");
        }
        if (history.size() > MAX_MESSAGES) {
            throw new BadRequestException("'" + field + "' has " + history.size() + " messages; at most "
                    + MAX_MESSAGES + " are accepted");
        }
        TurnMessage last = history.get(history.size() - 1);
        if (!"user".equals(last.role())) {
            throw new BadRequestException("the last message must have role 'user', not '" + last.role() + "'");
        }
        if (last.content() == null || last.content().isBlank()) {
            throw new BadRequestException("the last user message has no content");
        }
    }

    AgentTurn turn(List<TurnMessage> history, JsonNode customInputs) {
        List<String> configured = genie.spaceIds();
        List<String> spaces = configured;
        Map<String, String> conversations = new LinkedHashMap<>();
        if (customInputs != null && !customInputs.isNull()) {
            if (!customInputs.isObject()) {
                throw new BadRequestException("'custom_inputs' must be an object");
            }
            JsonNode spaceIds = customInputs.get("space_ids");
            if (spaceIds != null && !spaceIds.isNull()) {
                if (!spaceIds.isArray() || spaceIds.isEmpty()) {
                    throw new BadRequestException("'custom_inputs.space_ids' must be a non-empty array of space ids");
                }
                List<String> chosen = new ArrayList<>();
                for (JsonNode id : spaceIds) {
                    chosen.add(configuredSpace(id, configured, "custom_inputs.space_ids"));
                }
                spaces = chosen.stream().distinct().toList();
            }
            JsonNode ids = customInputs.get("conversation_ids");
            if (ids != null && !ids.isNull()) {
                if (!ids.isObject()) {
                    throw new BadRequestException("'custom_inputs.conversation_ids' must map space ids to Genie conversation ids");
                }
                for (Map.Entry<String, JsonNode> entry : ids.properties()) {
                    String space = configuredSpace(mapper.getNodeFactory().textNode(entry.getKey()), configured,
                            "custom_inputs.conversation_ids");
                    if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                        throw new BadRequestException("'custom_inputs.conversation_ids." + space + "' must be a string");
                    }
                    conversations.put(space, entry.getValue().asText());
                }
            }
        }
        return new AgentTurn(history, spaces, conversations);
    }

    private static String configuredSpace(JsonNode id, List<String> configured, String field) {
        if (!id.isTextual() || !configured.contains(id.asText())) {
            throw new BadRequestException("'" + field + "' names a Genie space this function is not configured for: "
                    + clip(id.asText(id.toString())) + " (configured: " + String.join(", ", configured) + ")");
        }
        return id.asText();
    }

    private TurnMessage message(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException("'" + where + "' must be an object");
        }
        String role = node.path("role").asText(null);
        if (role == null || !ROLES.contains(role)) {
            throw new BadRequestException("'" + where + ".role' must be one of system, user, assistant, tool; got "
                    + (role == null ? "nothing" : "'" + clip(role) + "'"));
        }
        JsonNode content = node.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw new BadRequestException("'" + where + ".content' must be a string");
        }
        String text = content == null || content.isNull() ? null : content.asText();
        List<LlmToolCall> calls = new ArrayList<>();
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
                calls.add(new LlmToolCall(id, name, arguments.isTextual() ? arguments.asText() : arguments.toString()));
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

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
