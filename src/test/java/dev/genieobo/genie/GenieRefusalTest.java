package dev.genieobo.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.genieobo.identity.Unauthenticated;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.ToolResult;
import dev.genieobo.upstream.UpstreamException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every form of "no" from Genie that the function tells apart. */
@Timeout(10)
class GenieRefusalTest {

    /** A Databricks refusal as the MCP client hands it on: the status and the error body as they came. */
    private static McpException.Http databricks(int status, String errorCode, String message) {
        return new McpException.Http("Genie space s", status, "{" + (errorCode == null ? "" : "\"error_code\":\""
                + errorCode + "\",") + "\"message\":\"" + message + "\"}", null);
    }

    @Test
    void everyFormOfARefusalForLoadIsRecognised() {
        GenieRefusal.RateLimit http429 = GenieRefusal.rateLimit(
                new McpException.Http("Genie space s", 429, null, Duration.ofSeconds(12)));
        assertEquals(Duration.ofSeconds(12), http429.retryAfter());
        GenieRefusal.RateLimit http400 = GenieRefusal.rateLimit(
                databricks(400, "RESOURCE_EXHAUSTED", "x"));
        assertNotNull(http400);
        assertNull(http400.retryAfter(), "no delay given: the caller backs off");
        assertNotNull(GenieRefusal.rateLimit(databricks(429, "REQUEST_LIMIT_EXCEEDED", "x")));
        assertNotNull(GenieRefusal.rateLimit(new McpException.Rpc(-32000, "RESOURCE_EXHAUSTED: too many questions")));
        GenieRefusal.RateLimit tool = GenieRefusal.rateLimit(new ToolResult(
                List.of("RESOURCE_EXHAUSTED: limit reached. Retry after 7 seconds."), true, null));
        assertEquals(Duration.ofSeconds(7), tool.retryAfter());
    }

    @Test
    void otherErrorsAreNotRefusalsForLoad() {
        assertNull(GenieRefusal.rateLimit(databricks(400, "BAD_REQUEST", "x")));
        assertNull(GenieRefusal.rateLimit(new McpException.Rpc(-32602, "BAD_REQUEST: query is required")));
        assertNull(GenieRefusal.rateLimit(new ToolResult(List.of("RESOURCE_EXHAUSTED"), false, null)), "not an error");
        assertNull(GenieRefusal.rateLimit(new McpException.Protocol("the MCP reply is not JSON")));
    }

    @Test
    void a401EndsTheTurnAsInvalidTokenA403AsPermissionDeniedA5xxAsUpstream() {
        assertInstanceOf(Unauthenticated.class, GenieRefusal.endsTurn("s", databricks(401, null, "x")));
        NoUsableSpaceException denied = assertInstanceOf(NoUsableSpaceException.class,
                GenieRefusal.endsTurn("s", databricks(403, "PERMISSION_DENIED", "no")));
        assertEquals(List.of("s"), denied.spaces());
        assertEquals(503, assertInstanceOf(UpstreamException.class,
                GenieRefusal.endsTurn("s", databricks(503, null, "x"))).status());
        assertNull(GenieRefusal.endsTurn("s", databricks(400, "BAD_REQUEST", "x")), "the model's to fix");
    }

    @Test
    void retryHintsInTextAreRead() {
        assertEquals(Duration.ofSeconds(30), GenieRefusal.hint("please retry after 30s"));
        assertEquals(Duration.ofMillis(1500), GenieRefusal.hint("Retry-After: 1500 ms"));
        assertNull(GenieRefusal.hint("try later"));
    }
}
