package dev.genieobo.llm;

import com.fasterxml.jackson.databind.JsonNode;

/** A function offered to the model: name, description and JSON-schema parameters. */
public record LlmTool(String name, String description, JsonNode parameters) {
}
