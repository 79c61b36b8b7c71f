package dev.genieobo.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TracingTest implements FreshWorkspace {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_ID = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter exporter;

    private final Sim sim = Sim.inApp();

    @Test
    void aTurnIsOneTraceContinuingTheCallersTraceparent() throws Exception {
        String token = sim.token("alice");
        sim.knobs("{\"llmToolCallsPerSpace\":2,\"geniePendingPolls\":1}"); // two parallel tool calls, one poll each
        exporter.reset();

        given().header("Authorization", "Bearer " + token)
                .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
                .contentType("application/json").body(Sim.question("What is the total sales amount?"))
                .post("/invocations").then().statusCode(200);

        SpanData server = await(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /invocations")).findFirst()
                .orElse(null));
        // the batch processor exports the rest of the turn's spans: its LLM calls, tool calls and polls
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            List<SpanData> finished = exporter.getFinishedSpanItems();
            return finished.stream().filter(s -> s.getName().startsWith("chat ")).count() >= 2
                    && finished.stream().filter(s -> s.getName().startsWith("execute_tool ")).count() >= 2
                    && finished.stream().filter(s -> s.getName().equals("genie poll")).count() >= 2
                    && finished.stream().anyMatch(s -> s.getName().equals("invoke_agent genie-obo"));
        });
        List<SpanData> all = exporter.getFinishedSpanItems();
        if (Boolean.getBoolean("dumpSpans")) all.forEach(s -> System.out.printf("SPAN %-40s %-8s trace=%s id=%s parent=%s %s%n", s.getName(), s.getKind(),
                s.getTraceId(), s.getSpanId(), s.getParentSpanId(), s.getAttributes().asMap()));

        // the server span continues the caller's trace
        assertEquals(TRACE_ID, server.getTraceId());
        assertEquals(PARENT_ID, server.getParentSpanId());

        Map<String, SpanData> byId = all.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        List<SpanData> mine = all.stream().filter(s -> s.getTraceId().equals(TRACE_ID)).toList();
        SpanData turn = one(mine, "invoke_agent genie-obo");
        assertEquals(server.getSpanId(), turn.getParentSpanId());

        List<SpanData> inits = named(mine, "mcp initialize");
        List<SpanData> llm = named(mine, "chat databricks-claude-sonnet-4-5");
        List<SpanData> tools = named(mine, "execute_tool query_space_" + Sim.SALES);
        List<SpanData> polls = named(mine, "genie poll");
        assertEquals(1, inits.size());
        assertEquals(2, llm.size());
        assertEquals(2, tools.size());
        assertEquals(4, polls.size()); // each tool call polls twice (EXECUTING_QUERY, then COMPLETED)
        // MCP initialize runs on a Workers virtual thread: it still is a child of the turn
        inits.forEach(s -> assertEquals(turn.getSpanId(), s.getParentSpanId(), "initialize"));
        llm.forEach(s -> assertEquals(turn.getSpanId(), s.getParentSpanId(), "llm"));
        // the two tool calls of one LLM reply run concurrently on virtual threads
        tools.forEach(s -> assertEquals(turn.getSpanId(), s.getParentSpanId(), "tool"));
        polls.forEach(p -> assertEquals("execute_tool query_space_" + Sim.SALES,
                byId.get(p.getParentSpanId()).getName(), "poll under its tool call"));
        assertEquals(2L, llm.get(0).getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("genie_obo.llm.tool_calls")).findFirst().orElseThrow().getValue());

        // outgoing calls carried traceparent: the in-app simulated workspace's server spans are
        // children of our LLM / MCP spans
        List<SpanData> simLlm = mine.stream().filter(s -> s.getKind() == SpanKind.SERVER
                && s.getName().equals("POST /serving-endpoints/chat/completions")).toList();
        assertEquals(2, simLlm.size());
        simLlm.forEach(s -> assertEquals("chat databricks-claude-sonnet-4-5", byId.get(s.getParentSpanId()).getName()));
        List<SpanData> simMcp = mine.stream().filter(s -> s.getKind() == SpanKind.SERVER
                && s.getName().startsWith("POST /api/2.0/mcp/genie")).toList();
        assertFalse(simMcp.isEmpty());
        simMcp.forEach(s -> assertTrue(byId.containsKey(s.getParentSpanId()), "MCP server span has a known parent"));

        assertTrue(all.stream().filter(s -> !s.getTraceId().equals(TRACE_ID))
                .noneMatch(s -> s.getName().startsWith("chat ") || s.getName().startsWith("mcp ")
                        || s.getName().startsWith("execute_tool") || s.getName().startsWith("genie ")),
                "no span of the turn in another trace");
    }

    @Test
    void aKeyFetchDuringVerificationIsPartOfTheCallersTrace() {
        given().baseUri(Sim.inAppUrl()).post("/sim/keys/rotate").then().statusCode(200);
        String token = sim.token("alice"); // signed by the new key: verifying it fetches the key set
        exporter.reset();
        given().header("Authorization", "Bearer " + token)
                .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
                .contentType("application/json").body(Sim.question("What is the total sales amount?"))
                .post("/invocations").then().statusCode(200);
        // the simulated workspace's server span for the fetch continues the turn's trace: the
        // REST client sent traceparent
        SpanData keys = await(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("GET /oidc/v1/keys")).findFirst()
                .orElse(null));
        assertEquals(TRACE_ID, keys.getTraceId());
        SpanData fetch = await(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getSpanId().equals(keys.getParentSpanId())).findFirst().orElse(null));
        assertEquals(SpanKind.CLIENT, fetch.getKind(), "its parent is the REST client's span");
    }

    private static SpanData one(List<SpanData> spans, String name) {
        List<SpanData> found = named(spans, name);
        assertEquals(1, found.size(), name);
        return found.get(0);
    }

    private static List<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static <T> T await(java.util.function.Supplier<T> probe) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(probe::get,
                java.util.Objects::nonNull);
    }
}
