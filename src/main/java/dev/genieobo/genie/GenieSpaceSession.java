package dev.genieobo.genie;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.McpSession;
import dev.genieobo.mcp.McpTool;
import dev.genieobo.upstream.Deadline;

/**
 * One Genie space as seen in one request: its MCP session and the names of its
 * query and poll tools. The names start as the Genie contract gives them
 * ({@code query_space_<id>}, {@code poll_response_<id>}), so no {@code tools/list}
 * is needed; the server is asked only if a call by that name fails. The answer comes
 * whole from the query or poll tool; a space's server has no cancel tool.
 */
final class GenieSpaceSession implements GenieSession {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String spaceId;
    private final McpSession session;
    private volatile String queryTool;
    private volatile String pollTool;
    private volatile boolean listed;

    GenieSpaceSession(String spaceId, McpSession session) {
        this(spaceId, session, OfferedTools.QUERY_PREFIX + spaceId, OfferedTools.POLL_PREFIX + spaceId);
    }

    GenieSpaceSession(String spaceId, McpSession session, String queryTool, String pollTool) {
        this.spaceId = spaceId;
        this.session = session;
        this.queryTool = queryTool;
        this.pollTool = pollTool;
    }

    String spaceId() {
        return spaceId;
    }

    @Override
    public String key() {
        return spaceId;
    }

    @Override
    public McpSession session() {
        return session;
    }

    @Override
    public String askTool() {
        return queryTool;
    }

    @Override
    public ObjectNode askArguments(ObjectNode question) {
        return question; // the contract's own names: query, conversation_id
    }

    @Override
    public String pollTool() {
        return pollTool;
    }

    @Override
    public ObjectNode answerArguments(GenieResult answer) {
        return JSON.objectNode().put("conversation_id", answer.conversationId())
                .put("message_id", answer.messageId());
    }

    /** Tool names as the server lists them, found by prefix as Databricks' own clients do; read once. */
    @Override
    public boolean relist(Deadline deadline) {
        if (listed) {
            return false;
        }
        listed = true;
        String before = queryTool;
        String query = null;
        String poll = null;
        try {
            for (McpTool tool : session.listTools(deadline)) {
                if (tool.name().startsWith(OfferedTools.QUERY_PREFIX) && query == null) {
                    query = tool.name();
                } else if (tool.name().startsWith(OfferedTools.POLL_PREFIX) && poll == null) {
                    poll = tool.name();
                }
            }
        } catch (McpException e) {
            return false;
        }
        if (query != null) {
            queryTool = query;
        }
        pollTool = poll;
        return !before.equals(queryTool);
    }

    @Override
    public String resultTool() {
        return null; // the query or poll tool's answer carries the rows
    }

    @Override
    public String cancelTool() {
        return null; // no cancel tool on a space's server: Genie finishes the answer on its own
    }
}
