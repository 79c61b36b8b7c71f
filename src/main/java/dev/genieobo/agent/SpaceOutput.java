package dev.genieobo.agent;

/** The last Genie answer of a turn in one space: its ids, status and SQL. */
public record SpaceOutput(String conversationId, String messageId, String status, String sql) {
}
