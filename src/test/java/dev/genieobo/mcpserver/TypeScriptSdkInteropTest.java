package dev.genieobo.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.support.NodePeer;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our MCP server driven by software nobody here wrote: the official TypeScript SDK client. */
@QuarkusTest
@org.junit.jupiter.api.Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class TypeScriptSdkInteropTest {

    @Test
    void theReferenceClientSeesGeniesStatusesAsProgressBeforeTheResult() throws Exception {
        Sim sim = Sim.inApp();
        sim.knobs("{\"genieAnswerMs\":1500}");
        try {
            NodePeer.Result run = NodePeer.run("ask-genie.mjs", List.of(Sim.inAppUrl() + "/mcp", sim.token("dana")),
                    java.util.Map.of("ASK_GENIE_PROGRESS", "1"), 60);
            assertEquals(0, run.exitCode(), run.output());
            JsonNode line = new ObjectMapper().readTree(run.output().lines().filter(l -> l.startsWith("{")).findFirst()
                    .orElseThrow());
            assertTrue(line.path("text").asText().contains("6450"), line.toString());
            List<String> messages = new java.util.ArrayList<>();
            double previous = 0;
            for (JsonNode progress : line.path("progress")) {
                assertTrue(progress.path("beforeResult").asBoolean(), "progress came before the result: " + line);
                assertTrue(progress.path("progress").asDouble() > previous, "progress increases: " + line);
                previous = progress.path("progress").asDouble();
                messages.add(progress.path("message").asText());
            }
            assertEquals(Sim.GENIE_STATUSES.stream().map(s -> "Genie space " + Sim.SALES + ": " + s).toList(), messages);
        } finally {
            sim.resetKnobs();
        }
    }

    @Test
    void theReferenceClientAsksAsAliceThenAsBob() throws Exception {
        Sim sim = Sim.inApp();
        NodePeer.Result run = NodePeer.run("ask-genie.mjs",
                List.of(Sim.inAppUrl() + "/mcp", sim.token("alice"), sim.token("bob")), 60);
        assertEquals(0, run.exitCode(), run.output());
        List<JsonNode> lines = run.output().lines().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).toList();
        assertEquals(2, lines.size(), run.output());
        for (int i = 0; i < 2; i++) {
            JsonNode line = lines.get(i);
            assertEquals("ask_genie", line.path("tools").path(0).asText(), line.toString());
            assertTrue(line.path("description").asText().contains(Sim.SALES));
            assertFalse(line.path("isError").asBoolean(), line.toString());
            assertEquals("COMPLETED", line.path("structured").path("genie").path(Sim.SALES).path("status").asText());
        }
        assertTrue(lines.get(0).path("text").asText().contains("2000"), lines.get(0).toString());
        assertTrue(lines.get(1).path("text").asText().contains("3450"), lines.get(1).toString());
    }

    @Test
    void theReferenceClientSeesTheStepUpAnswerForAMissingScope() throws Exception {
        Sim sim = Sim.inApp();
        NodePeer.Result run = NodePeer.run("step-up.mjs", List.of(Sim.inAppUrl() + "/mcp", sim.token("alice", "scope=sql")),
                60);
        assertEquals(0, run.exitCode(), run.output());
        JsonNode line = new ObjectMapper().readTree(run.output().lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow());
        assertFalse(line.path("connected").asBoolean(), line.toString());
        assertEquals(403, line.path("code").asInt(), line.toString());
        JsonNode challenge = line.path("challenge");
        assertEquals("insufficient_scope", challenge.path("error").asText(), line.toString());
        assertEquals("genie", challenge.path("scope").asText(), line.toString());
        assertEquals(Sim.inAppUrl() + "/.well-known/oauth-protected-resource", challenge.path("resourceMetadataUrl").asText(),
                line.toString());
    }
}
