package dev.genieobo.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.agent.AgentTurn;
import dev.genieobo.agent.TurnMessage;
import dev.genieobo.genie.GenieConnector;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the request formats ({@code /invocations}, {@code /responses}) share: the body
 * as a JSON object, the {@code stream} flag, the checks on the conversation (1..200
 * messages, ending with the user's question) and {@code custom_inputs}, which may
 * narrow the spaces ({@code space_ids}, a subset of the configured ones) and continue
 * Genie conversations ({@code conversation_ids}: space id to conversation id).
 */
@ApplicationScoped
public class TurnRequests {

    public static final int MAX_MESSAGES = 200;

    private final ObjectMapper mapper;
    private final GenieConnector genie;

    public TurnRequests(ObjectMapper mapper, GenieConnector genie) {
        this.mapper = mapper;
        this.genie = genie;
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
        List<String> configured = genie.targets();
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

    /** A piece of the caller's input quoted in an error, at most 64 characters. */
    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
