package dev.genieobo.genie;

import java.util.List;
import java.util.Set;

/**
 * What Genie answered for one message: its status, the queries it ran and its text,
 * and the space that answered when the workspace's Genie chose it ({@code spaceId},
 * null otherwise or when it did not say).
 */
public record GenieResult(String status, String conversationId, String messageId, List<GenieQuery> queries,
        List<String> texts, List<String> suggestedQuestions, String spaceId) {

    public static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "QUERY_RESULT_EXPIRED");

    public boolean terminal() {
        return TERMINAL.contains(status);
    }

    public boolean completed() {
        return "COMPLETED".equals(status);
    }

    /** This answer with the ids of {@code earlier} where it has none (a poll answer need not repeat them). */
    public GenieResult withIdsOf(GenieResult earlier) {
        if (conversationId != null && messageId != null && (spaceId != null || earlier.spaceId == null)) {
            return this;
        }
        return new GenieResult(status, conversationId != null ? conversationId : earlier.conversationId,
                messageId != null ? messageId : earlier.messageId, queries, texts, suggestedQuestions,
                spaceId != null ? spaceId : earlier.spaceId);
    }

    /** This answer with {@code queries} in place of its own (their rows fetched separately). */
    public GenieResult withQueries(List<GenieQuery> filled) {
        return new GenieResult(status, conversationId, messageId, List.copyOf(filled), texts, suggestedQuestions,
                spaceId);
    }

    /** The SQL of the first query, or null. */
    public String sql() {
        return queries.isEmpty() ? null : queries.get(0).sql();
    }
}
