package dev.genieobo.agent;

/** A function call of an assistant message: its id, the tool's name, and the JSON text of its arguments. */
public record ToolCall(String id, String name, String arguments) {
}
