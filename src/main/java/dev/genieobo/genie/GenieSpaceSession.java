package dev.genieobo.genie;

import dev.genieobo.mcp.McpSession;
import dev.genieobo.mcp.McpTool;

/** One Genie space as seen in one request: its MCP session and the two tools found by prefix. */
record GenieSpaceSession(String spaceId, McpSession session, McpTool queryTool, String pollToolName) {
}
