package dev.genieobo.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.genieobo.support.Sim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The main scenarios against the packaged application (the JVM package with
 * {@code ./mvnw verify}; the native executable with {@code ./mvnw verify -Dnative}),
 * pointed at a simulated workspace running in the test JVM.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StandaloneWorkspace.class, restrictToAnnotatedClass = true)
@Timeout(180)
class PackagedAppIT {

    private static Sim sim() {
        return new Sim(StandaloneWorkspace.url());
    }

    @Test
    void aliceAndBobEachGetTheirOwnTotal() {
        for (String[] expected : new String[][] { { "alice", "2000" }, { "bob", "3450" } }) {
            given().header("Authorization", "Bearer " + sim().token(expected[0])).contentType("application/json")
                    .body(Sim.question("What is the total sales amount?")).post("/invocations")
                    .then().statusCode(200).body("messages[2].content", containsString(expected[1]));
        }
    }

    @Test
    void noTokenIs401AndReachesNothing() {
        sim().clearCalls();
        given().contentType("application/json").body(Sim.question("total")).post("/invocations")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        assertEquals(List.of(), sim().calls());
    }

    @Test
    void mcpIsOffByDefaultInDatabricksMode() {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask_genie\","
                + "\"arguments\":{\"question\":\"What is the total sales amount?\"}}}";
        sim().clearCalls();
        given().header("Authorization", "Bearer " + sim().token("alice")).contentType("application/json")
                .header("Accept", "application/json, text/event-stream").body(call).post("/mcp")
                .then().statusCode(404).body("message", containsString("genie-obo.mcp.accept-workspace-tokens"));
        given().get("/.well-known/oauth-protected-resource").then().statusCode(404);
        assertEquals(List.of(), sim().calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList());
    }

    @Test
    void theProductionBuildHasNoSimulatedWorkspaceAndIsReady() {
        given().post("/sim/users/alice/token").then().statusCode(404);
        given().get("/serving-endpoints/chat/completions").then().statusCode(404);
        given().get("/watch").then().statusCode(404); // the page to watch a turn is a dev/sim tool
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
