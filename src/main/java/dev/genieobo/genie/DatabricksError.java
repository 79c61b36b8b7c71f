package dev.genieobo.genie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.mcp.McpException;
import java.io.IOException;

/**
 * A Databricks MCP server's HTTP refusal, read from the status and body the MCP client
 * hands on as they came: Databricks' error body {@code {"error_code": ..., "message": ...}},
 * else a JSON-RPC error object's {@code message}, else a body that is not JSON, as text.
 *
 * @param code the {@code error_code}, or null
 * @param message what a turn says of the refusal: the server, the status, the code and
 *        the server's words (shortened), e.g. {@code Genie space s answered HTTP 403
 *        PERMISSION_DENIED: no access}
 */
record DatabricksError(int status, String code, String message) {

    /** Reads bodies as trees only: no type of this function is bound. */
    private static final ObjectMapper JSON = new ObjectMapper();

    static DatabricksError of(McpException.Http http) {
        String code = null;
        String text = null;
        String body = http.body();
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = JSON.readTree(body);
                code = node.path("error_code").asText(null);
                text = node.path("message").asText(null);
                if (text == null) {
                    text = node.path("error").path("message").asText(null);
                }
            } catch (IOException notJson) {
                text = body;
            }
        }
        return new DatabricksError(http.status(), code, http.server() + " answered HTTP " + http.status()
                + (code == null ? "" : " " + code) + (text == null ? "" : ": " + McpException.shorten(text)));
    }

    /** What a turn says of an MCP failure: a Databricks refusal read as above, anything else as it is. */
    static String describe(McpException failure) {
        return failure instanceof McpException.Http http ? of(http).message() : failure.getMessage();
    }
}
