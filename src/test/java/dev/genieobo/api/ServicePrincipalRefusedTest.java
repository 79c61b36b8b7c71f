package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workspace refuses the function's own client credentials (a wrong secret): the
 * Databricks SDK's token request goes out over the function's HTTP client, the
 * refusal comes back through it, and the turn ends with a 502 that names the service
 * principal's token, quotes no secret, and made no LLM call.
 */
@QuarkusTest
@TestProfile(ServicePrincipalRefusedTest.WrongSecret.class)
@Timeout(60)
class ServicePrincipalRefusedTest implements FreshWorkspace {

    static final String WRONG = "not-the-service-principals-secret";

    public static class WrongSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("databricks.client-secret", WRONG);
        }
    }

    @Test
    void aRefusedServicePrincipalIs502AndNoLlmCall() {
        Sim sim = Sim.inApp();
        String token = sim.token("alice");
        sim.clearCalls();
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations")
                .then().statusCode(502).body("message", containsString("service principal's token"))
                .body(not(containsString(WRONG)));
        List<Map<String, Object>> calls = sim.calls();
        List<Map<String, Object>> tokenRequests = calls.stream().filter(c -> "oidc".equals(c.get("kind"))).toList();
        assertTrue(!tokenRequests.isEmpty(), "no token request reached the workspace: " + calls);
        assertTrue(tokenRequests.stream().allMatch(c -> Integer.valueOf(401).equals(c.get("status"))), calls.toString());
        assertEquals(List.of(), calls.stream().filter(c -> "llm".equals(c.get("kind"))).toList());
    }
}
