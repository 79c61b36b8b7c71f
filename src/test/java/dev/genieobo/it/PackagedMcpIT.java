package dev.genieobo.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.NodePeer;
import dev.genieobo.support.RawMcp;
import dev.genieobo.support.Sim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged application's MCP server with {@code genie-obo.mcp.accept-workspace-tokens=true}
 * (the operator's explicit choice of token passthrough): a tool call as alice, a 401
 * with the metadata without a token, and the step-up answer (403 {@code insufficient_scope})
 * for a token without the policy's scope, which reaches no Genie.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedMcpIT.Passthrough.class, restrictToAnnotatedClass = true)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PackagedMcpIT implements FreshWorkspace {

    /** The standalone workspace, and the operator's choice. */
    public static class Passthrough extends StandaloneWorkspace {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("genie-obo.mcp.accept-workspace-tokens", "true");
            return config;
        }
    }

    private final Sim sim = Sim.at(StandaloneWorkspace::url);

    @Override
    public Sim freshWorkspaceSim() {
        return sim;
    }

    private static String app() {
        return "http://localhost:" + RestAssured.port;
    }

    @Test
    void mcpToolCall() {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask_genie\","
                + "\"arguments\":{\"question\":\"What is the total sales amount?\"}}}";
        given().header("Authorization", "Bearer " + sim.token("alice"))
                .contentType("application/json").header("Accept", "application/json, text/event-stream").body(call)
                .post("/mcp").then().statusCode(200).body("result.isError", equalTo(false))
                .body("result.content[0].text", containsString("2000"));
        given().contentType("application/json").header("Accept", "application/json, text/event-stream").body(call)
                .post("/mcp").then().statusCode(401).header("WWW-Authenticate", containsString("resource_metadata="));
    }

    @Test
    void aTokenWithoutTheScopeGetsTheStepUpAnswerAndReachesNoGenie() throws Exception {
        String token = sim.token("alice", "scope=sql");
        String challenge = "Bearer resource_metadata=\"" + app() + "/.well-known/oauth-protected-resource\", "
                + "realm=\"genie-obo\", error=\"insufficient_scope\", scope=\"genie\"";
        Response session = RawMcp.initialize(token);
        Response call = RawMcp.send(token, "session-of-another-instance", RawMcp.ASK_GENIE);
        for (Response refused : List.of(session, call)) {
            refused.then().statusCode(403).header("WWW-Authenticate", equalTo(challenge))
                    .body("error_code", equalTo("INSUFFICIENT_SCOPE"));
        }
        // the official TypeScript SDK client reads the same answer as a step-up
        NodePeer.Result run = NodePeer.run("step-up.mjs", List.of(app() + "/mcp", token), 60);
        assertEquals(0, run.exitCode(), run.output());
        JsonNode line = new ObjectMapper().readTree(run.output().lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow());
        assertFalse(line.path("connected").asBoolean(), line.toString());
        assertEquals(403, line.path("code").asInt(), line.toString());
        assertEquals("insufficient_scope", line.path("challenge").path("error").asText(), line.toString());
        assertEquals("genie", line.path("challenge").path("scope").asText(), line.toString());
        assertEquals(List.of(), sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))
                || "llm".equals(c.get("kind"))).toList(), "no Genie or LLM call for a refused token");
    }
}
