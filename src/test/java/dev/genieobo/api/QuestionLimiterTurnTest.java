package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * This instance's own question limiter ({@code genie-obo.genie.max-questions-per-minute}):
 * a burst sends Genie no more questions than the setting, and a question that would have
 * to wait too long to be answered before its deadline gets 429 without ever reaching Genie.
 */
@QuarkusTest
@TestProfile(QuestionLimiterTurnTest.TwoPerMinute.class)
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class QuestionLimiterTurnTest {

    public static class TwoPerMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("genie-obo.genie.max-questions-per-minute", "2");
        }
    }

    private final Sim sim = Sim.inApp();

    @Test
    void aBurstSendsGenieNoMoreQuestionsThanTheLimit() throws Exception {
        sim.resetKnobs();
        sim.clearCalls();
        List<String> tokens = List.of(sim.token("alice"), sim.token("bob"), sim.token("dana"), sim.token("alice"));
        ExecutorService pool = Executors.newFixedThreadPool(tokens.size());
        List<Future<Response>> turns = new ArrayList<>();
        for (String token : tokens) {
            turns.add(pool.submit(() -> given().header("Authorization", "Bearer " + token)
                    .contentType("application/json").body(Sim.question("What is the total sales amount?"))
                    .post("/invocations")));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> turn : turns) {
            Response response = turn.get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                assertEquals("RESOURCE_EXHAUSTED", response.path("error_code"));
                assertTrue(response.path("message").toString().contains("max-questions-per-minute"));
                long retryAfter = Long.parseLong(response.header("Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 61, "Retry-After " + retryAfter + " (a window of a minute and a second)");
            }
        }
        pool.shutdown();
        assertEquals(2, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
        assertEquals(2, statuses.stream().filter(s -> s == 429).count(), "statuses " + statuses);
        long questions = sim.calls().stream().filter(c -> String.valueOf(c.get("tool")).startsWith("query_space_")).count();
        assertEquals(2, questions, "Genie received only the questions the limit let through");
    }
}
