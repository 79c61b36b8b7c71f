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
}
