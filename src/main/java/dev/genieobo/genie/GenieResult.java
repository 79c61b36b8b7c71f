package dev.genieobo.genie;

import java.util.List;
import java.util.Set;

/** What Genie answered for one message: its status, the queries it ran and its text. */
public record GenieResult(String status, String conversationId, String messageId, List<GenieQuery> queries,
        List<String> texts, List<String> suggestedQuestions) {

    public static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "QUERY_RESULT_EXPIRED");

    public boolean terminal() {
        return TERMINAL.contains(status);
    }

    public boolean completed() {
        return "COMPLETED".equals(status);
    }

    /** The SQL of the first query, or null. */
    public String sql() {
        return queries.isEmpty() ? null : queries.get(0).sql();
    }
}
