package dev.genieobo.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.mcp.McpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Databricks' error bodies, read in the genie package from what the MCP client hands on as it came. */
@Timeout(10)
class DatabricksErrorTest {

    private static DatabricksError read(int status, String body) {
        return DatabricksError.of(new McpException.Http("scripted", status, body, null));
    }

    @Test
    void theErrorCodeAndTheServersWordsAreRead() {
        DatabricksError denied = read(403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no access\"}");
        assertEquals("PERMISSION_DENIED", denied.code());
        assertTrue(denied.message().contains("no access"));
        assertEquals("scripted answered HTTP 403 PERMISSION_DENIED: no access", denied.message());
    }

    @Test
    void aJsonRpcErrorABodyThatIsNotJsonAndNoBodyAreReadToo() {
        DatabricksError rpc = read(400, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Bad Request\"},\"id\":null}");
        assertNull(rpc.code());
        assertEquals("scripted answered HTTP 400: Bad Request", rpc.message());
        assertEquals("scripted answered HTTP 502: upstream\nconnect error".replace("\n", " "),
                read(502, "upstream\nconnect error").message());
        assertEquals("scripted answered HTTP 500", read(500, null).message());
        assertEquals("scripted answered HTTP 429 REQUEST_LIMIT_EXCEEDED",
                read(429, "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\"}").message());
    }
}
