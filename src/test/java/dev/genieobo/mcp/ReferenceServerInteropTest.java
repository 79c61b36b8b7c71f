package dev.genieobo.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.identity.TestCredentials;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.support.NodePeer;
import dev.genieobo.support.Upstreams;
import dev.genieobo.upstream.Deadline;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our MCP client against software nobody here wrote: the reference server
 * {@code @modelcontextprotocol/server-everything}, Streamable HTTP, on loopback.
 * It answers every POST as SSE and issues a session id.
 */
@org.junit.jupiter.api.Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class ReferenceServerInteropTest {

    private static NodePeer server;
    private static Vertx vertx;
    private static McpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = NodePeer.serverEverything();
        vertx = Vertx.vertx();
        client = new McpClient(Upstreams.http(vertx), new ObjectMapper());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void initializeListToolsCallEchoClose() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        UserCredential credential = TestCredentials.bearer("interop-test-token");
        McpSession session = client.connect(server.url(), credential::authorizationHeader, deadline, "server-everything");
        try {
            assertEquals("2025-11-25", session.protocolVersion(), "the current revision, which both speak");
            assertNotNull(session.sessionId(), "the reference server issues a session id");

            List<McpTool> tools = session.listTools(deadline);
            McpTool echo = tools.stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
            assertEquals("object", echo.inputSchema().path("type").asText());
            assertTrue(echo.inputSchema().path("properties").has("message"));

            ToolResult result = session.callTool("echo",
                    new ObjectMapper().createObjectNode().put("message", "hello from genie-obo"), deadline);
            assertEquals(false, result.isError());
            assertEquals("Echo: hello from genie-obo", result.firstText());

            // a slow tool: at 2025-11-25 the reference server primes its event stream with an event id
            ToolResult slow = session.callTool("trigger-long-running-operation",
                    new ObjectMapper().createObjectNode().put("duration", 1).put("steps", 2), deadline);
            assertEquals(false, slow.isError(), slow.toString());
            assertTrue(slow.firstText().contains("Long running operation completed"), slow.firstText());

            ToolResult unknown = session.callTool("no-such-tool", null, deadline);
            assertTrue(unknown.isError(), "an unknown tool is a tool error, not a protocol error");
        } finally {
            session.close();
        }
        assertEquals(null, session.sessionId(), "closing forgets the session");
    }

    @Test
    void aClosedSessionIsGoneOnTheServer() throws Exception {
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        McpSession session = client.connect(server.url(), TestCredentials.bearer("t2")::authorizationHeader, deadline,
                "server-everything");
        String id = session.sessionId();
        session.close();
        HttpResponse<String> reuse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, reuse.statusCode(), "the server forgot the session after DELETE: " + reuse.body());
    }
}
