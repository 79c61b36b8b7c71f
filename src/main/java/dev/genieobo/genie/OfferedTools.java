package dev.genieobo.genie;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Genie tools offered to the LLM, and what they are called: one
 * {@code query_space_<id>} per configured space, or the workspace Genie's one
 * {@value #WORKSPACE_TOOL}; polling is hidden from the model. They come from
 * configuration and the Genie contract only, so the first LLM call need not wait for
 * Genie and nothing of any caller is in them; each is built once per process.
 */
final class OfferedTools {

    static final String QUERY_PREFIX = "query_space_";
    static final String POLL_PREFIX = "poll_response_";
    /** The one tool the LLM is offered with {@code server=workspace}. */
    static final String WORKSPACE_TOOL = "genie_ask";

    private final GenieConfig config;
    private final ObjectMapper mapper;
    private final Map<String, McpTool> built = new ConcurrentHashMap<>();

    OfferedTools(GenieConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** The tool the LLM calls to ask the Genie a turn knows by {@code key}. */
    static String toolName(String key) {
        return GenieConnector.WORKSPACE.equals(key) ? WORKSPACE_TOOL : QUERY_PREFIX + key;
    }

    /**
     * The tools to offer the LLM for these spaces, in order: one {@code query_space_<id>}
     * per space, with the description configured for it (or a generic one), or the
     * workspace Genie's one tool.
     */
    List<McpTool> tools(List<String> spaceIds) {
        List<McpTool> tools = new ArrayList<>(spaceIds.size());
        for (String spaceId : spaceIds) {
            tools.add(built.computeIfAbsent(spaceId, this::contractTool));
        }
        return tools;
    }

    private McpTool contractTool(String spaceId) {
        boolean workspace = GenieConnector.WORKSPACE.equals(spaceId);
        String description = workspace ? config.workspaceDescription().orElse(null)
                : config.spaceDescriptions().get(spaceId);
        if (workspace && (description == null || description.isBlank())) {
            description = "Ask Databricks Genie a question about the company's data, in natural language. Genie "
                    + "chooses the right Genie space itself, writes and runs SQL with the current user's permissions "
                    + "and returns the SQL, the result rows and a short explanation.";
        } else if (description == null || description.isBlank()) {
            description = "Ask the Databricks Genie space " + spaceId + " a question about the company's data, "
                    + "in natural language. Genie writes and runs SQL with the current user's permissions and "
                    + "returns the SQL, the result rows and a short explanation.";
        }
        ObjectNode schema = mapper.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("query").put("type", "string")
                .put("description", "The question for Genie, self-contained (Genie does not see this chat).");
        properties.putObject("conversation_id").put("type", "string")
                .put("description", "Continue this Genie conversation (optional).");
        schema.putArray("required").add("query");
        return new McpTool(toolName(spaceId), description, schema);
    }
}
