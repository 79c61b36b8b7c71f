package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workspace host points at a closed port: Genie is unreachable, the answer is 502. */
@QuarkusTest
@TestProfile(UnreachableGenieTest.ClosedPort.class)
class UnreachableGenieTest {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // callers are still verified against the simulated workspace's keys; only Genie's host is dead
            return Map.of("databricks.host", "http://127.0.0.1:" + dev.genieobo.support.FreePort.free(),
                    "genie-obo.auth.jwks-url", "http://localhost:${quarkus.http.test-port}/oidc/v1/keys");
        }
    }

    @Test
    void unreachableGenieIs502() {
        String token = Sim.inApp().token("alice");
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question("total")).post("/invocations")
                .then().statusCode(502).body("error_code", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("message", containsString("Genie space"))
                .body("message", containsString("unreachable"));
    }
}
