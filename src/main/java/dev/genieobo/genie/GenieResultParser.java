package dev.genieobo.genie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the JSON text that Genie's tools return in {@code content[0].text}: a space's
 * {@code query_space_*} and {@code poll_response_*}, and the workspace Genie's
 * {@code genie_ask} and {@code genie_poll_response}. Top-level keys are camelCase in a
 * space's answers (evidence) and may be snake_case in the workspace Genie's (its
 * {@code genie_ask} returns {@code conversation_id}, {@code response_id} and
 * {@code status}, third-party evidence; both spellings are read, and a
 * {@code response_id} is the message id); keys inside {@code statement_response} are
 * snake_case; rows come either as {@code [{"values":[{"string_value":"x"}]}]} or as
 * {@code [["x"]]}. Unknown fields are ignored, so additions on Databricks' side do not
 * break it. {@link #parseStatement} reads a query result handed out on its own
 * ({@code genie_get_query_result}).
 */
public final class GenieResultParser {

    private final ObjectMapper mapper;

    public GenieResultParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @throws GenieFormatException when the text is not a Genie answer */
    public GenieResult parse(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw new GenieFormatException("Genie's answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new GenieFormatException("Genie's answer is not a JSON object");
        }
        String status = firstText(root, "status");
        if (status == null) {
            throw new GenieFormatException("Genie's answer has no status");
        }
        JsonNode content = root.path("content");
        List<GenieQuery> queries = new ArrayList<>();
        for (JsonNode attachment : content.path("queryAttachments")) {
            queries.add(query(attachment));
        }
        return new GenieResult(status, firstText(root, "conversationId", "conversation_id"),
                firstText(root, "messageId", "message_id", "responseId", "response_id"), List.copyOf(queries),
                texts(content.path("textAttachments")), texts(content.path("suggestedQuestions")),
                firstText(root, "spaceId", "space_id"));
    }

    /**
     * A query result on its own: {@code {"statement_response": {...}}} as Genie's
     * Conversation API hands it out (a guess for the workspace Genie's
     * {@code genie_get_query_result}), or the statement itself; {@code sql} and
     * {@code description} are the query's, from the answer.
     *
     * @throws GenieFormatException when the text holds no result columns
     */
    public GenieQuery parseStatement(String text, GenieQuery answered) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw new GenieFormatException("Genie's query result is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new GenieFormatException("Genie's query result is not a JSON object");
        }
        JsonNode statement = root.has("statement_response") ? root.get("statement_response") : root;
        if (!statement.path("manifest").path("schema").path("columns").isArray()) {
            throw new GenieFormatException("Genie's query result has no columns (manifest.schema.columns)");
        }
        GenieQuery read = statement(statement, answered.sql(), answered.description());
        return read.state() != null ? read : new GenieQuery(read.sql(), read.description(), answered.state(),
                read.columns(), read.rows(), read.totalRowCount(), read.truncated());
    }

    private GenieQuery query(JsonNode attachment) {
        return statement(attachment.path("statement_response"), textOrNull(attachment.get("query")),
                textOrNull(attachment.get("description")));
    }

    private GenieQuery statement(JsonNode statement, String sql, String description) {
        List<String> columns = new ArrayList<>();
        for (JsonNode column : statement.path("manifest").path("schema").path("columns")) {
            columns.add(column.path("name").asText());
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : statement.path("result").path("data_array")) {
            rows.add(row(row));
        }
        JsonNode manifest = statement.path("manifest");
        long total = manifest.path("total_row_count").asLong(rows.size());
        return new GenieQuery(sql, description, textOrNull(statement.path("status").get("state")), List.copyOf(columns),
                List.copyOf(rows), total, manifest.path("truncated").asBoolean(false));
    }

    /** One row in either shape. */
    static List<String> row(JsonNode row) {
        JsonNode cells = row.isArray() ? row : row.path("values");
        List<String> values = new ArrayList<>(cells.size());
        for (JsonNode cell : cells) {
            values.add(cell(cell));
        }
        return java.util.Collections.unmodifiableList(values);
    }

    private static String cell(JsonNode cell) {
        if (cell == null || cell.isNull()) {
            return null;
        }
        if (cell.isObject()) {
            if (cell.has("string_value")) {
                return textOrNull(cell.get("string_value"));
            }
            if (cell.has("null_value") || cell.isEmpty()) {
                return null;
            }
            JsonNode first = cell.elements().next();
            return first.isValueNode() ? first.asText() : first.toString();
        }
        return cell.isValueNode() ? cell.asText() : cell.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isTextual()) {
                out.add(item.asText());
            } else if (item.has("content")) {
                out.add(item.path("content").asText());
            }
        }
        return List.copyOf(out);
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            String value = textOrNull(node.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
