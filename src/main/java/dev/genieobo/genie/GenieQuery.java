package dev.genieobo.genie;

import java.util.List;

/** One SQL query Genie ran, with the rows it returned (every value as text, null kept as null). */
public record GenieQuery(String sql, String description, String state, List<String> columns,
        List<List<String>> rows, long totalRowCount, boolean truncated) {
}
