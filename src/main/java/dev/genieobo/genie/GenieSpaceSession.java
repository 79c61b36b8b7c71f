package dev.genieobo.genie;

import dev.genieobo.mcp.McpSession;

/**
 * One Genie space as seen in one request: its MCP session and the names of its
 * query and poll tools. The names start as the Genie contract gives them
 * ({@code query_space_<id>}, {@code poll_response_<id>}), so no {@code tools/list}
 * is needed; {@link GenieToolbox} asks the server only if a call by that name fails.
 */
final class GenieSpaceSession {

    private final String spaceId;
    private final McpSession session;
    private volatile String queryTool;
    private volatile String pollTool;
    private volatile boolean listed;

    GenieSpaceSession(String spaceId, McpSession session) {
        this(spaceId, session, GenieConnector.QUERY_PREFIX + spaceId, GenieConnector.POLL_PREFIX + spaceId);
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

    McpSession session() {
        return session;
    }

    String queryTool() {
        return queryTool;
    }

    /** The poll tool's name, or null when the server offers none. */
    String pollTool() {
        return pollTool;
    }

    /** Whether the tool names were already checked against the server's {@code tools/list}. */
    boolean listed() {
        return listed;
    }

    /** Tool names as the server lists them (found by prefix, as Databricks' own clients do). */
    void listed(String query, String poll) {
        this.listed = true;
        if (query != null) {
            this.queryTool = query;
        }
        this.pollTool = poll;
    }
}
