package dev.genieobo.agent;

/**
 * The last Genie answer of a turn in one space (or from the workspace's Genie): its
 * ids, status and SQL, and the space the workspace's Genie chose ({@code answeredBy},
 * null when it did not say or a space was asked directly).
 */
public record SpaceOutput(String conversationId, String messageId, String status, String sql, String answeredBy) {
}
