package dev.genieobo.mcp;

import static dev.genieobo.support.ScriptedMcpServer.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.support.ScriptedMcpServer;
import dev.genieobo.support.ScriptedMcpServer.Reply;
import dev.genieobo.support.Upstreams;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The MCP client through the cases a real server may present. */
@Timeout(60)
class McpSessionTest {

    private static Vertx vertx;
    private static McpClient client;
    private ScriptedMcpServer server;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        client = new McpClient(Upstreams.http(vertx), new ObjectMapper());
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedMcpServer(vertx);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    private static java.util.function.Supplier<String> user() {
        return () -> "Bearer user-token-1";
    }

    private static String initResult(String version) {
        return "{\"protocolVersion\":\"" + version + "\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"s\",\"version\":\"1\"}}";
    }

    @Test
    void jsonRepliesWithoutSessionIdAndTheOlderProtocolVersion() {
        server.script(request -> switch (request.path("method").asText()) {
            case "initialize" -> Reply.json(result(request, initResult("2025-03-26")));
            case "tools/list" -> Reply.json(result(request, "{\"tools\":[{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\"}}]}"));
            default -> Reply.json(ScriptedMcpServer.error(request, -32601, "no"));
        });
        McpSession session = client.connect(server.url(), user(), deadline(), "scripted");
        assertEquals("2025-03-26", session.protocolVersion());
        assertNull(session.sessionId());
        assertEquals("t", session.listTools(deadline()).get(0).name());
        session.close();
        List<ScriptedMcpServer.Seen> seen = server.seen();
        assertEquals(List.of("initialize", "notifications/initialized", "tools/list"),
                seen.stream().map(ScriptedMcpServer.Seen::rpcMethod).toList(), "no DELETE without a session id");
        assertTrue(seen.stream().allMatch(s -> "Bearer user-token-1".equals(s.authorization())));
        assertTrue(seen.stream().allMatch(s -> s.sessionId() == null));
        assertNull(seen.get(2).protocolVersion(), "2025-03-26 has no MCP-Protocol-Version header");
    }

    @Test
    void sseRepliesSplitAcrossChunksWithNotificationsFirst() {
        server.script(request -> switch (request.path("method").asText()) {
            case "initialize" -> new Reply(200, java.util.Map.of("Content-Type", "text/event-stream", "Mcp-Session-Id", "sess-1"),
                    List.of("event: message\nid: 1\ndata: " + result(request, initResult("2025-06-18")) + "\n\n"));
            case "tools/call" -> {
                String full = result(request, "{\"content\":[{\"type\":\"text\",\"text\":\"h\\u00e9llo\"}],\"isError\":false}");
                yield Reply.sse(": comment\r\n", "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\r\n\r\n",
                        "id: 2\ndata: ", full.substring(0, 20), full.substring(20) + "\n", "\n");
            }
            default -> Reply.json(ScriptedMcpServer.error(request, -32601, "no"));
        });
        server.onDelete(Reply.status(200, null));
        McpSession session = client.connect(server.url(), user(), deadline(), "scripted");
        assertEquals("sess-1", session.sessionId());
        ToolResult result = session.callTool("t", null, deadline());
        assertEquals("héllo", result.firstText());
        session.close();
        List<ScriptedMcpServer.Seen> seen = server.seen();
        assertEquals("DELETE", seen.get(seen.size() - 1).httpMethod());
        assertTrue(seen.subList(1, seen.size()).stream().allMatch(s -> "sess-1".equals(s.sessionId())));
    }

    @Test
    void jsonRpcErrorsAndRefusalsAreTypedAndCarryNoCredential() {
        server.script(request -> switch (request.path("method").asText()) {
            case "initialize" -> Reply.json(result(request, initResult("2025-06-18")));
            default -> Reply.json(ScriptedMcpServer.error(request, -32602, "BAD_REQUEST: query is required"));
        });
        McpSession session = client.connect(server.url(), user(), deadline(), "scripted");
        McpException.Rpc rpc = assertThrows(McpException.Rpc.class, () -> session.callTool("t", null, deadline()));
        assertEquals(-32602, rpc.code());
        assertTrue(rpc.getMessage().contains("BAD_REQUEST: query is required"));
        assertTrue(!rpc.getMessage().contains("user-token-1"));
        session.close();

        String refusal = "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no access\"}";
        server.script(request -> Reply.status(403, refusal));
        McpException.Http http = assertThrows(McpException.Http.class,
                () -> client.connect(server.url(), user(), deadline(), "scripted"));
        assertTrue(http.denied());
        assertEquals(refusal, http.body(), "handed on as it came: the genie package reads Databricks' error_code "
                + "(DatabricksErrorTest)");
        assertTrue(http.getMessage().contains("no access"));
    }

    @Test
    void anUnsupportedProtocolVersionIsRefused() {
        server.script(request -> Reply.json(result(request, initResult("2024-01-01"))));
        McpException.Protocol e = assertThrows(McpException.Protocol.class,
                () -> client.connect(server.url(), user(), deadline(), "scripted"));
        assertTrue(e.getMessage().contains("2024-01-01"));
    }

    @Test
    void aReplyWithoutOurResponseIsAProtocolError() {
        server.script(request -> request.path("method").asText().equals("initialize")
                ? Reply.json(result(request, initResult("2025-06-18")))
                : Reply.sse("data: {\"jsonrpc\":\"2.0\",\"id\":999,\"result\":{}}\n\n"));
        McpSession session = client.connect(server.url(), user(), deadline(), "scripted");
        assertThrows(McpException.Protocol.class, () -> session.listTools(deadline()));
        session.close();
    }

    @Test
    void aSlowServerEndsAtTheDeadline() {
        server.script(request -> request.path("method").asText().equals("initialize")
                ? Reply.json(result(request, initResult("2025-06-18")))
                : Reply.sse(": waiting\n\n", ": waiting\n\n", ": waiting\n\n", ": waiting\n\n", ": waiting\n\n",
                        ": waiting\n\n", ": waiting\n\n", ": waiting\n\n", ": waiting\n\n", ": waiting\n\n"));
        McpSession session = client.connect(server.url(), user(), deadline(), "scripted");
        assertThrows(DeadlineExceededException.class,
                () -> session.listTools(Deadline.after(Duration.ofMillis(60))));
        session.close();
    }

    @Test
    void closeDropsTheCredentialAndAToleratesA405() {
        server.script(request -> new Reply(200, java.util.Map.of("Content-Type", "application/json", "Mcp-Session-Id", "s9"),
                List.of(result(request, initResult("2025-06-18")))));
        server.onDelete(Reply.status(405, null));
        McpSession session = client.connect(server.url(), user(), deadline(), "scripted");
        session.close();
        assertThrows(IllegalStateException.class, () -> session.listTools(deadline()));
        assertTrue(session.toString().indexOf("user-token-1") < 0);
    }
}
