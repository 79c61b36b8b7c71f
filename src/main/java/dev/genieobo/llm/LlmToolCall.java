package dev.genieobo.llm;

/** A function call the model asked for; {@code arguments} is the JSON text the model wrote. */
public record LlmToolCall(String id, String name, String arguments) {
}
