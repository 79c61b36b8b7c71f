package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A workspace Genie whose {@code genie_ask} no longer takes {@code query}: the first
 * session of the process reads its {@code tools/list}, logs one warning that names the
 * difference, and every turn fails with a 502 that names it; no question is sent with
 * arguments Genie did not ask for. Its own profile: the check is made once per process.
 */
@QuarkusTest
@TestProfile(WorkspaceGenieSchemaTest.Profile.class)
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class WorkspaceGenieSchemaTest implements FreshWorkspace {

    static final Path LOG = Path.of("target/workspace-genie-schema-test.log");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG); // this run's lines only
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("genie-obo.genie.server", "workspace",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString());
        }
    }

    private final Sim sim = Sim.inApp();

    @Test
    void aToolSchemaThatMovedIsAClearErrorAndOneWarning() throws Exception {
        sim.knobs("{\"genieOneQueryArgument\":\"question\"}");
        for (int turn = 0; turn < 2; turn++) {
            given().header("Authorization", "Bearer " + sim.token("alice")).contentType("application/json")
                    .body(Sim.question("What is the total sales amount?")).post("/invocations").then()
                    .statusCode(502)
                    .body("error_code", equalTo("UPSTREAM_UNAVAILABLE"))
                    .body("message", containsString("genie_ask takes no 'query' argument (it takes [question, conversation_id])"))
                    .body("message", containsString("requires [question], which this function does not fill in"));
        }
        List<Map<String, Object>> genie = sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList();
        assertTrue(genie.stream().noneMatch(c -> "tools/call".equals(c.get("rpcMethod"))), "no question was sent: " + genie);
        assertEquals(1, genie.stream().filter(c -> "tools/list".equals(c.get("rpcMethod"))).count(),
                "the tools were listed once for the process: " + genie);
        assertEquals(2, genie.stream().filter(c -> "DELETE".equals(c.get("rpcMethod"))).count(), "each session was ended");
        List<String> warnings = Files.readAllLines(LOG).stream()
                .filter(l -> l.contains("WARN") && l.contains("genie_ask takes no 'query'")).toList();
        assertEquals(1, warnings.size(), "one warning for the process: " + warnings);
        assertTrue(warnings.get(0).contains("Every turn will fail"), warnings.get(0));
    }
}
