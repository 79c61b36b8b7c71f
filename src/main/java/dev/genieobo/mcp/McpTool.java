package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool as an MCP server lists it. */
public record McpTool(String name, String description, JsonNode inputSchema) {
}
