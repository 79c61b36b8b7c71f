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

/** The deadline (504) with a short turn timeout. */
@QuarkusTest
@TestProfile(FailurePathsTest.ShortDeadline.class)
class FailurePathsTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("genie-obo.agent.timeout", "1500ms");
        }
    }

    private final Sim sim = Sim.inApp();

    @Test
    void slowGenieEndsTheTurnWith504() {
        String token = sim.token("alice");
        sim.knobs("{\"genieLatencyMs\":700}");
        try {
            given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body(Sim.question("total")).post("/invocations")
                    .then().statusCode(504).body("error_code", equalTo("DEADLINE_EXCEEDED"))
                    .body("message", containsString("deadline"));
        } finally {
            sim.resetKnobs();
        }
    }

    @Test
    void slowLlmEndsTheTurnWith504() {
        String token = sim.token("alice");
        sim.knobs("{\"llmLatencyMs\":3000}");
        try {
            given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body(Sim.question("total")).post("/invocations")
                    .then().statusCode(504).body("error_code", equalTo("DEADLINE_EXCEEDED"));
        } finally {
            sim.resetKnobs();
        }
    }

    /**
     * No fallback, provably: after successes, refusals, upstream errors, timeouts,
     * streams and concurrent turns, the workspace's record holds no Genie call
     * made as the service principal (or without a user token) and no LLM call
     * made as a user.
     */
    @Test
    void theRecordShowsNoGenieCallAsTheSystemAndNoLlmCallAsAUser() throws Exception {
        sim.resetKnobs();
        sim.clearCalls();
        for (String user : java.util.List.of("alice", "bob", "dana", "carol")) {
            ask(sim.token(user), false);
            ask(sim.token(user), true);
        }
        ask(given().post("/sim/users/alice/token?scope=sql").then().extract().path("access_token"), false);
        ask(given().post("/sim/users/alice/token?ttl=-600").then().extract().path("access_token"), false);
        ask(dev.genieobo.support.ForgedTokens.algNone(dev.genieobo.support.Sim.inAppUrl() + "/oidc"), false);
        sim.knobs("{\"llmFailures\":100}");
        ask(sim.token("bob"), false);
        sim.resetKnobs();
        sim.knobs("{\"genieLatencyMs\":700}");
        ask(sim.token("dana"), false);
        sim.resetKnobs();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        java.util.List<String> tokens = java.util.List.of(sim.token("alice"), sim.token("bob"), sim.token("dana"));
        java.util.List<java.util.concurrent.Future<Integer>> pending = new java.util.ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String token = tokens.get(i % 3);
            pending.add(pool.submit(() -> ask(token, streamHalf(token))));
        }
        for (java.util.concurrent.Future<Integer> f : pending) {
            org.junit.jupiter.api.Assertions.assertEquals(200, f.get());
        }
        pool.shutdown();

        java.util.List<java.util.Map<String, Object>> calls = sim.calls();
        long genie = calls.stream().filter(c -> "genie".equals(c.get("kind"))).count();
        long llm = calls.stream().filter(c -> "llm".equals(c.get("kind"))).count();
        org.junit.jupiter.api.Assertions.assertTrue(genie > 200 && llm > 70, "the record covers the suite: " + genie + "/" + llm);
        for (java.util.Map<String, Object> call : calls) {
            if ("genie".equals(call.get("kind"))) {
                org.junit.jupiter.api.Assertions.assertEquals("user", call.get("principalType"), "Genie call not as a user: " + call);
            }
            if ("llm".equals(call.get("kind"))) {
                org.junit.jupiter.api.Assertions.assertEquals("service_principal", call.get("principalType"),
                        "LLM call not as the function: " + call);
            }
        }
    }

    /** Streams about half of the concurrent turns. */
    private static boolean streamHalf(String token) {
        return token.hashCode() % 2 == 0;
    }

    private static int ask(String token, boolean stream) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"What is the total sales amount?\"}],\"stream\":"
                        + stream + "}")
                .post("/invocations").statusCode();
    }
}
