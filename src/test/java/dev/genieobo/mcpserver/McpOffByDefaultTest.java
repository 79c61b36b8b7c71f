package dev.genieobo.mcpserver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.RawMcp;
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
 * Databricks mode without a choice of {@code genie-obo.mcp.accept-workspace-tokens}:
 * {@code /mcp} and its metadata answer 404 naming the key, the start log says why, and
 * the rest of the function serves as usual.
 */
@QuarkusTest
@TestProfile(McpOffByDefaultTest.Profile.class)
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class McpOffByDefaultTest implements FreshWorkspace {

    static final Path LOG = Path.of("target/mcp-off-by-default-test.log");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            McpPassthroughTest.delete(LOG);
            return Map.of("genie-obo.mcp.accept-workspace-tokens", "", // no choice, as in production
                    "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    private final Sim sim = Sim.inApp();

    @Test
    void mcpIsOffAndSaysWhyWhileTheRestServes() throws Exception {
        RawMcp.initialize(sim.token("alice")).then().statusCode(404)
                .body("error_code", equalTo("NOT_FOUND"))
                .body("message", containsString("genie-obo.mcp.accept-workspace-tokens=true"));
        given().get("/.well-known/oauth-protected-resource").then().statusCode(404)
                .body("message", containsString("genie-obo.mcp.accept-workspace-tokens"));
        assertEquals(List.of(), sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList());
        given().header("Authorization", "Bearer " + sim.token("alice")).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations").then().statusCode(200)
                .body("messages[2].content", containsString("2000"));
        List<String> lines = Files.readAllLines(LOG).stream().filter(l -> l.contains("/mcp is off")).toList();
        assertEquals(1, lines.size(), "the start log says /mcp is off: " + lines);
        assertTrue(lines.get(0).contains("token passthrough") && lines.get(0).contains("accept-workspace-tokens=true"),
                lines.get(0));
    }
}
