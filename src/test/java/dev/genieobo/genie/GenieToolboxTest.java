package dev.genieobo.genie;

import static dev.genieobo.support.ScriptedMcpServer.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.mcp.McpClient;
import dev.genieobo.mcp.McpSession;
import dev.genieobo.support.ScriptedMcpServer;
import dev.genieobo.support.ScriptedMcpServer.Reply;
import dev.genieobo.support.Upstreams;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Polling, terminal statuses and JSON-RPC errors as the agent sees them. */
class GenieToolboxTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Vertx vertx;
    private static McpClient client;
    private ScriptedMcpServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        client = new McpClient(Upstreams.http(vertx), MAPPER);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new ScriptedMcpServer(vertx);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static GenieConfig config(Duration pollTimeout) {
        return new GenieConfig() {
            public Server server() {
                return Server.SPACES;
            }

            public java.util.Optional<List<String>> spaceIds() {
                return java.util.Optional.of(List.of("s1"));
            }

            public java.util.Optional<String> workspaceDescription() {
                return java.util.Optional.empty();
            }

            public Map<String, String> spaceDescriptions() {
                return Map.of();
            }

            public Duration pollInterval() {
                return Duration.ofMillis(5);
            }

            public Duration pollTimeout() {
                return pollTimeout;
            }

            public int maxRowsToLlm() {
                return 1;
            }

            public Duration pollMaxInterval() {
                return pollInterval();
            }

            public double pollRatio() {
                return 0;
            }

            public java.util.Optional<Integer> maxQuestionsPerMinute() {
                return java.util.Optional.empty();
            }

            public Duration rateLimitBackoff() {
                return Duration.ofMillis(10);
            }
        };
    }

    private static String toolText(JsonNode request, String genieJson) {
        String text = MAPPER.getNodeFactory().textNode(genieJson).toString();
        return result(request, "{\"content\":[{\"type\":\"text\",\"text\":" + text + "}],\"isError\":false}");
    }

    private static String pending() {
        return "{\"content\":{\"queryAttachments\":[]},\"conversationId\":\"c1\",\"messageId\":\"m1\",\"status\":\"EXECUTING_QUERY\"}";
    }

    private GenieToolbox toolbox(Function<JsonNode, Reply> tools, Duration pollTimeout) {
        return toolbox(tools, pollTimeout, List.of());
    }

    private GenieToolbox toolbox(Function<JsonNode, Reply> tools, Duration pollTimeout, List<String> denied) {
        server.script(request -> request.path("method").asText().equals("initialize")
                ? Reply.json(result(request, "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}"))
                : tools.apply(request));
        McpSession session = client.connect(server.url(), () -> "Bearer u",
                Deadline.after(Duration.ofSeconds(10)), "Genie space s1");
        return new GenieToolbox(List.of(new GenieSpaceSession("s1", session)), denied,
                new GenieResultParser(MAPPER), config(pollTimeout), MAPPER);
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    @Test
    void pollsUntilCompletedAndCapsRowsForTheModel() {
        AtomicInteger polls = new AtomicInteger();
        List<String> pollArguments = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GenieToolbox toolbox = toolbox(request -> {
            String name = request.path("params").path("name").asText();
            if (name.equals("query_space_s1")) {
                return Reply.json(toolText(request, pending()));
            }
            pollArguments.add(name + " " + request.path("params").path("arguments"));
            return Reply.sse("data: " + toolText(request, polls.incrementAndGet() < 3 ? pending()
                    : GenieResultParserTest.answer("COMPLETED", "[[\"EMEA\",\"2000\"],[\"AMER\",\"3450\"]]")) + "\n\n");
        }, Duration.ofSeconds(5))) {
            ToolOutcome outcome = toolbox.call("query_space_s1", "{\"query\":\"total by region\"}", Map.of(), deadline());
            ToolOutcome.Answered answered = assertInstanceOf(ToolOutcome.Answered.class, outcome);
            assertEquals(3, polls.get());
            assertEquals(List.of("poll_response_s1 {\"conversation_id\":\"c1\",\"message_id\":\"m1\"}"),
                    pollArguments.stream().distinct().toList());
            assertEquals("COMPLETED", answered.result().status());
            JsonNode forModel = MAPPER.readTree(answered.textForLlm());
            assertEquals(1, forModel.path("queries").path(0).path("rows").size(), "rows capped at maxRowsToLlm");
            assertTrue(forModel.path("queries").path(0).path("truncated").asBoolean());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyFailureStatusBecomesAToolError() {
        for (String status : List.of("FAILED", "CANCELLED", "QUERY_RESULT_EXPIRED")) {
            try (GenieToolbox toolbox = toolbox(request -> Reply.json(toolText(request,
                    "{\"content\":{\"textAttachments\":[\"Message processing failed: x\"]},\"conversationId\":\"c1\","
                            + "\"messageId\":\"m1\",\"status\":\"" + status + "\"}")), Duration.ofSeconds(5))) {
                ToolOutcome outcome = toolbox.call("query_space_s1", "{\"query\":\"q\"}", Map.of(), deadline());
                ToolOutcome.Failed failed = assertInstanceOf(ToolOutcome.Failed.class, outcome);
                assertTrue(failed.textForLlm().contains(status), failed.textForLlm());
                assertEquals(status, failed.result().status());
            }
        }
    }

    @Test
    void aJsonRpcErrorBecomesAToolError() {
        try (GenieToolbox toolbox = toolbox(request -> Reply.json(
                ScriptedMcpServer.error(request, -32602, "BAD_REQUEST: conversation not found")), Duration.ofSeconds(5))) {
            ToolOutcome outcome = toolbox.call("query_space_s1", "{\"query\":\"q\",\"conversation_id\":\"x\"}", Map.of(), deadline());
            assertInstanceOf(ToolOutcome.Failed.class, outcome);
            assertTrue(outcome.textForLlm().contains("BAD_REQUEST: conversation not found"), outcome.textForLlm());
        }
    }

    @Test
    void badArgumentsAndUnknownToolsAreToolErrorsWithoutAnyCall() {
        try (GenieToolbox toolbox = toolbox(request -> Reply.json(toolText(request, pending())), Duration.ofSeconds(5))) {
            assertTrue(toolbox.call("nope", "{}", Map.of(), deadline()).isError());
            assertTrue(toolbox.call("query_space_s1", "not json", Map.of(), deadline()).isError());
            assertTrue(toolbox.call("query_space_s1", "[1]", Map.of(), deadline()).isError());
            assertTrue(toolbox.call("query_space_s1", "{\"query\":\"\"}", Map.of(), deadline()).isError());
        }
        assertTrue(server.seen().stream().noneMatch(s -> "tools/call".equals(s.rpcMethod())), "no tool reached Genie");
    }

    @Test
    void aServerThatRenamedItsToolsIsAskedForItsListOnceAndTheCallRepeated() {
        List<String> called = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GenieToolbox toolbox = toolbox(request -> {
            String method = request.path("method").asText();
            if (method.equals("tools/list")) {
                called.add(method);
                return Reply.json(result(request, "{\"tools\":[{\"name\":\"query_space_s1_v2\",\"inputSchema\":{}},"
                        + "{\"name\":\"poll_response_s1_v2\",\"inputSchema\":{}}]}"));
            }
            if (!method.equals("tools/call")) {
                return Reply.status(202, "");
            }
            String name = request.path("params").path("name").asText();
            called.add(name);
            return switch (name) {
                case "query_space_s1_v2" -> Reply.json(toolText(request, pending()));
                case "poll_response_s1_v2" -> Reply.json(toolText(request,
                        GenieResultParserTest.answer("COMPLETED", "[[\"1\"]]")));
                default -> Reply.json(ScriptedMcpServer.error(request, -32602, "Unknown tool: " + name));
            };
        }, Duration.ofSeconds(5))) {
            ToolOutcome first = toolbox.call("query_space_s1", "{\"query\":\"q\"}", Map.of(), deadline());
            assertInstanceOf(ToolOutcome.Answered.class, first, first.textForLlm());
            ToolOutcome second = toolbox.call("query_space_s1", "{\"query\":\"q\"}", Map.of(), deadline());
            assertInstanceOf(ToolOutcome.Answered.class, second, second.textForLlm());
        }
        assertEquals(List.of("query_space_s1", "tools/list", "query_space_s1_v2", "poll_response_s1_v2",
                "query_space_s1_v2", "poll_response_s1_v2"), called);
    }

    @Test
    void aToolOfASpaceTheCallerMayNotUseIsAToolErrorNamingIt() {
        try (GenieToolbox toolbox = toolbox(request -> Reply.json(toolText(request, pending())), Duration.ofSeconds(5),
                List.of("s2"))) {
            ToolOutcome outcome = toolbox.call("query_space_s2", "{\"query\":\"q\"}", Map.of(), deadline());
            assertTrue(outcome.isError());
            assertEquals("s2", outcome.spaceId());
            assertTrue(outcome.textForLlm().contains("may not use Genie space s2"), outcome.textForLlm());
        }
        assertTrue(server.seen().stream().noneMatch(s -> "tools/call".equals(s.rpcMethod())), "no tool reached Genie");
    }

    @Test
    void thePollTimeoutIsAToolErrorButTheDeadlineEndsTheTurn() {
        try (GenieToolbox toolbox = toolbox(request -> Reply.json(toolText(request, pending())), Duration.ofMillis(50))) {
            ToolOutcome outcome = toolbox.call("query_space_s1", "{\"query\":\"q\"}", Map.of(), deadline());
            assertTrue(outcome.isError());
            assertTrue(outcome.textForLlm().contains("did not finish"), outcome.textForLlm());
        }
        try (GenieToolbox toolbox = toolbox(request -> Reply.json(toolText(request, pending())), Duration.ofSeconds(60))) {
            assertThrows(DeadlineExceededException.class, () -> toolbox.call("query_space_s1", "{\"query\":\"q\"}",
                    Map.of(), Deadline.after(Duration.ofMillis(80))));
        }
    }

    @Test
    void aConversationIdFromTheCallerIsPassedOn() {
        java.util.concurrent.atomic.AtomicReference<String> sent = new java.util.concurrent.atomic.AtomicReference<>();
        try (GenieToolbox toolbox = toolbox(request -> {
            sent.set(request.path("params").path("arguments").path("conversation_id").asText());
            return Reply.json(toolText(request, GenieResultParserTest.answer("COMPLETED", "[]")));
        }, Duration.ofSeconds(5))) {
            assertTrue(!toolbox.call("query_space_s1", "{\"query\":\"q\"}", Map.of("s1", "conv-7"), deadline()).isError());
        }
        assertEquals("conv-7", sent.get());
    }
}
