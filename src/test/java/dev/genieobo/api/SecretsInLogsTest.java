package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.ForgedTokens;
import dev.genieobo.support.SecretScan;
import dev.genieobo.support.Sim;
import dev.genieobo.workspace.SimulatedWorkspace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With our categories, the HTTP clients', the JWT libraries' and the SDK's at
 * DEBUG or TRACE, a run of successful, refused and failing requests writes no
 * token and no client secret to the log, nor to any span of the traces
 * (names, attributes, events) those requests produced.
 */
@QuarkusTest
@TestProfile(SecretsInLogsTest.Verbose.class)
class SecretsInLogsTest {

    static final Path LOG = Path.of("target/secrets-in-logs-test.log");

    public static class Verbose implements QuarkusTestProfile {
        /** Our categories and those of everything that handles a token, at their most verbose. */
        static final Map<String, String> CATEGORIES = Map.ofEntries(Map.entry("dev.genieobo", "TRACE"),
                Map.entry("io.vertx", "TRACE"), Map.entry("io.netty", "DEBUG"),
                Map.entry("io.quarkus.vertx.http", "TRACE"), Map.entry("io.quarkus.rest", "TRACE"),
                Map.entry("io.quarkus.rest.client", "TRACE"), Map.entry("org.jboss.resteasy.reactive", "TRACE"),
                Map.entry("io.smallrye.jwt", "TRACE"), Map.entry("org.jose4j", "TRACE"),
                Map.entry("com.databricks", "TRACE"), Map.entry("org.apache.http", "TRACE"));

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "quarkus.log.min-level", "TRACE",
                    "quarkus.log.level", "DEBUG",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.level", "ALL",
                    "quarkus.log.file.format", "%d %-5p [%c] (%t) %s%e%n",
                    "genie-obo.agent.timeout", "2s",
                    // retries of a failing LLM end well inside the deadline: 502, not 504
                    "genie-obo.llm.retry-backoff", "10ms"));
            CATEGORIES.forEach((category, level) -> config.put("quarkus.log.category.\"" + category + "\".level", level));
            return config;
        }
    }

    private final Sim sim = Sim.inApp();

    @jakarta.inject.Inject
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans;

    private static int ask(String token, String question, boolean stream) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],\"stream\":" + stream + "}")
                .post("/invocations").statusCode();
    }

    @Test
    void noTokenOrSecretReachesTheLog() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (String user : List.of("alice", "bob", "dana", "carol")) {
            String token = sim.token(user);
            tokens.add(token);
            ask(token, "What is the total sales amount?", false);
            ask(token, "amount by product", true);
        }
        String noScope = given().post("/sim/users/alice/token?scope=sql").then().extract().path("access_token");
        String expired = given().post("/sim/users/alice/token?ttl=-600").then().extract().path("access_token");
        String wrongIssuer = given().post("/sim/users/alice/token?issuer=https://evil/oidc").then().extract().path("access_token");
        String forged = ForgedTokens.algNone(dev.genieobo.support.Sim.inAppUrl() + "/oidc");
        assertEquals(403, ask(noScope, "total", false));
        assertEquals(401, ask(expired, "total", false));
        assertEquals(401, ask(wrongIssuer, "total", false));
        assertEquals(401, ask(forged, "total", false));
        assertEquals(401, ask(ForgedTokens.hs256WithPublicKey(dev.genieobo.support.Sim.inAppUrl(), dev.genieobo.support.Sim.inAppUrl() + "/oidc"), "total", false));
        tokens.addAll(List.of(noScope, expired, wrongIssuer, forged));
        sim.knobs("{\"llmFailures\":100}");
        String failing = sim.token("bob");
        tokens.add(failing);
        assertEquals(502, ask(failing, "total", false));
        sim.resetKnobs();
        sim.knobs("{\"genieLatencyMs\":2500}");
        String slow = sim.token("dana");
        tokens.add(slow);
        assertEquals(504, ask(slow, "total", false));
        sim.resetKnobs();

        // spans are exported in batches: wait for those of the turns above
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            String exported = spans.getFinishedSpanItems().toString();
            return exported.contains("invoke_agent genie-obo") && exported.contains("mcp initialize")
                    && exported.contains("execute_tool") && exported.contains("genie poll");
        });
        String telemetry = spans.getFinishedSpanItems().toString();
        assertTrue(telemetry.contains("invoke_agent genie-obo") && telemetry.contains("mcp initialize")
                && telemetry.contains("execute_tool") && telemetry.contains("genie poll"),
                "the scan reads real spans of these turns");
        String log = Files.readString(LOG) + "\n" + telemetry;
        for (String ours : List.of("verified with scopes", "caller refused: the token has expired", "turn answered in",
                "MCP tools/call to Genie space", "LLM call to databricks-claude-sonnet-4-5: HTTP 500")) {
            assertTrue(log.contains(ours), "our DEBUG line '" + ours + "' is in the log: the scan reads a real log");
        }
        assertTrue(log.length() > 10_000, "the log is verbose");
        SecretScan.assertNoToken(log, tokens);
        assertTrue(!log.contains(SimulatedWorkspace.SP_CLIENT_SECRET), "the client secret is in the log");
        for (String line : Files.readAllLines(LOG)) {
            if (line.contains("[dev.genieobo.")) { // our own lines name callers by their non-reversible id only
                for (String subject : List.of("alice", "bob", "dana", "carol")) {
                    assertTrue(!line.contains(subject), "a caller's subject is in our log: " + line);
                }
            }
        }
        assertTrue(Pattern.compile("caller c-[0-9a-f]{24} verified").matcher(log).find(), "callers appear by their id");
    }
}
