package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.ForgedTokens;
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
import java.util.regex.Matcher;
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
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("quarkus.log.min-level", "TRACE"),
                    Map.entry("quarkus.log.level", "DEBUG"),
                    Map.entry("quarkus.log.file.enabled", "true"),
                    Map.entry("quarkus.log.file.path", LOG.toString()),
                    Map.entry("quarkus.log.file.level", "ALL"),
                    Map.entry("quarkus.log.file.format", "%d %-5p [%c] (%t) %s%e%n"),
                    Map.entry("quarkus.log.category.\"dev.genieobo\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"io.vertx\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"io.netty\".level", "DEBUG"),
                    Map.entry("quarkus.log.category.\"io.quarkus.vertx.http\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"io.quarkus.rest\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"org.jboss.resteasy.reactive\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"io.smallrye.jwt\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"org.jose4j\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"com.databricks\".level", "TRACE"),
                    Map.entry("quarkus.log.category.\"org.apache.http\".level", "TRACE"),
                    Map.entry("genie-obo.agent.timeout", "2s"),
                    // retries of a failing LLM end well inside the deadline: 502, not 504
                    Map.entry("genie-obo.llm.retry-backoff", "10ms"));
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
        for (String token : tokens) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            String payload = token.split("\\.")[1];
            assertTrue(!log.contains(signature.isEmpty() ? payload : signature), "a token's signature is in the log");
            assertTrue(!log.contains(payload), "a token's claims are in the log");
        }
        assertTrue(!log.contains(SimulatedWorkspace.SP_CLIENT_SECRET), "the client secret is in the log");
        for (String line : Files.readAllLines(LOG)) {
            if (line.contains("[dev.genieobo.")) { // our own lines name callers by their non-reversible id only
                for (String subject : List.of("alice", "bob", "dana", "carol")) {
                    assertTrue(!line.contains(subject), "a caller's subject is in our log: " + line);
                }
            }
        }
        assertTrue(Pattern.compile("caller c-[0-9a-f]{24} verified").matcher(log).find(), "callers appear by their id");
        Matcher jwt = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}").matcher(log);
        assertTrue(!jwt.find(), "a JWT (the service principal's?) is in the log");
    }
}
