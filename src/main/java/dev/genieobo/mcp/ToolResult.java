package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The result of {@code tools/call}: its text content items and whether the tool reported an error. */
public record ToolResult(List<String> texts, boolean isError, JsonNode structuredContent) {

    /** The first text item, or "" when there is none. */
    public String firstText() {
        return texts.isEmpty() ? "" : texts.get(0);
    }
}
