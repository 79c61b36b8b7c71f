package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.HangUps;
import dev.genieobo.support.RawMcp;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Turns against a workspace that behaves like a real one: slow answers through every
 * status, questions refused for load, tokens that expire, callers who hang up, bodies
 * that never end. Every turn ends with the right answer or a clear error.
 */
@QuarkusTest
@TestProfile(RealGenieTest.Profile.class)
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class RealGenieTest implements FreshWorkspace {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("genie-obo.auth.min-token-lifetime", "2s",
                    "genie-obo.genie.rate-limit-backoff", "300ms");
        }
    }

    private final Sim sim = Sim.inApp();

    private static Response ask(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations");
    }

    private List<Map<String, Object>> toolCalls() {
        return sim.calls().stream().filter(c -> "tools/call".equals(c.get("rpcMethod"))).toList();
    }

    @Test
    void aSlowAnswerIsPolledThroughEveryStatusInOrder() {
        sim.knobs("{\"genieAnswerMs\":2000}");
        ask(sim.token("alice")).then().statusCode(200).body("messages[2].content", containsString("2000"))
                .body("custom_outputs.genie." + Sim.SALES + ".status", equalTo("COMPLETED"));
        List<String> seen = new ArrayList<>();
        for (Map<String, Object> call : toolCalls()) {
            String status = (String) call.get("genieStatus");
            if (status != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status))) {
                seen.add(status);
            }
        }
        assertEquals(Sim.GENIE_STATUSES, seen);
        assertTrue(toolCalls().size() >= 7, "one question and several polls: " + toolCalls().size());
    }

    @ParameterizedTest
    @ValueSource(strings = { "http429", "http400", "rpc", "tool" })
    void aQuestionRefusedForLoadIsAskedAgainAndAnswered(String form) {
        sim.knobs("{\"genieQuestionsPerMinute\":1,\"genieRateWindowMs\":1500,\"genieRateLimitForm\":\"" + form + "\"}");
        ask(sim.token("bob")).then().statusCode(200);
        sim.clearCalls();
        ask(sim.token("alice")).then().statusCode(200).body("messages[2].content", containsString("2000"));
        List<Object> questions = toolCalls().stream()
                .filter(c -> String.valueOf(c.get("tool")).startsWith("query_space_"))
                .map(c -> c.get("genieStatus")).toList();
        assertTrue(questions.size() >= 2 && "RESOURCE_EXHAUSTED".equals(questions.get(0))
                && !"RESOURCE_EXHAUSTED".equals(questions.get(questions.size() - 1)),
                "refused, then asked again and accepted: " + questions);
    }

    @Test
    void aLimitThatOutlastsTheDeadlineIsA429WithRetryAfter() {
        sim.knobs("{\"genieQuestionsPerMinute\":1}"); // a minute's window, the turn's deadline is 20 s
        ask(sim.token("bob")).then().statusCode(200);
        Response refused = ask(sim.token("alice"));
        refused.then().statusCode(429).body("error_code", equalTo("RESOURCE_EXHAUSTED"))
                .body("message", containsString("was refused for load"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
        assertEquals(retryAfter, ((Number) refused.path("retry_after_seconds")).longValue());
        String stream = given().header("Authorization", "Bearer " + sim.token("dana")).contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"total\"}],\"stream\":true}")
                .post("/invocations").then().statusCode(200).extract().asString();
        assertTrue(stream.contains("\"error_code\":\"RESOURCE_EXHAUSTED\"") && stream.contains("\"retry_after_seconds\""),
                stream);
    }

    @Test
    void aTokenThatExpiresInTheMiddleOfATurnIs401InvalidToken() {
        // the workspace's clock runs 28.5 s ahead: a 30 s token expires there 1-1.5 s into the turn
        sim.knobs("{\"genieAnswerMs\":6000,\"clockAheadMs\":28500}");
        ask(sim.token("alice", "ttl=30")).then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("error_code", equalTo("UNAUTHENTICATED"))
                .body("message", containsString("refresh"));
        assertTrue(sim.calls().stream().anyMatch(c -> Integer.valueOf(401).equals(c.get("status"))
                && "expired".equals(c.get("principalType"))), "Genie refused the expired token: " + sim.calls());
    }

    @Test
    void aTokenThatExpiresBeforeTheDeadlineCapsIt() {
        // Genie's clock is behind: it would accept the token past its expiry, so only the cap ends the turn
        sim.knobs("{\"genieAnswerMs\":15000,\"clockAheadMs\":-5000}");
        ask(sim.token("alice", "ttl=4")).then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("message", containsString("token expired while"));
        assertTrue(sim.calls().stream().anyMatch(c -> "DELETE".equals(c.get("rpcMethod"))), "the session was closed");
    }

    @Test
    void aTokenWithLessThanTheMinimumLifetimeIsRefusedBeforeAnyCall() {
        ask(sim.token("alice", "ttl=1")).then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("message", containsString("refresh"));
        assertEquals(List.of(), sim.calls());
    }

    /** Sends a turn on a raw socket and drops the connection once {@code started} holds. */
    private long hangUpWhen(String token, java.util.concurrent.Callable<Boolean> started) throws Exception {
        return HangUps.hangUpWhen(sim, "/invocations", Sim.question("What is the total sales amount?"), token, started);
    }

    private void assertNothingOfTheTurnAfter(long hungUp, int sessionsBefore) {
        HangUps.assertNothingOfTheTurnAfter(sim, hungUp, sessionsBefore);
    }

    @Test
    void aCallerWhoHangsUpWhileGenieWorksEndsTheTurnAtOnce() throws Exception {
        sim.knobs("{\"genieAnswerMs\":20000}");
        int sessions = sim.openGenieSessions();
        long hungUp = hangUpWhen(sim.token("alice"), () -> toolCalls().size() >= 3);
        assertNothingOfTheTurnAfter(hungUp, sessions);
    }

    @Test
    void aCallerWhoHangsUpDuringAnLlmCallEndsTheTurnAndTheCallIsAbandoned() throws Exception {
        sim.knobs("{\"llmLatencyMs\":5000}");
        int sessions = sim.openGenieSessions();
        long hungUp = hangUpWhen(sim.token("bob"), () -> sim.calls().stream()
                .anyMatch(c -> "initialize".equals(c.get("rpcMethod"))));
        assertNothingOfTheTurnAfter(hungUp, sessions);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.calls().stream().anyMatch(c -> "llm".equals(c.get("kind"))));
        assertTrue(sim.calls().stream().filter(c -> "llm".equals(c.get("kind")))
                .allMatch(c -> Integer.valueOf(499).equals(c.get("status"))), "the LLM call was abandoned: " + sim.calls());
    }

    @Test
    void anMcpClientThatDropsItsToolCallEndsTheTurn() throws Exception {
        sim.knobs("{\"genieAnswerMs\":20000}");
        int sessions = sim.openGenieSessions();
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask_genie\","
                + "\"arguments\":{\"question\":\"What is the total sales amount?\"}}}";
        long hungUp = HangUps.hangUpWhen(sim, "/mcp", call, sim.token("dana"), () -> toolCalls().size() >= 3);
        assertNothingOfTheTurnAfter(hungUp, sessions);
    }

    @Test
    void anMcpClientThatCancelsItsToolCallEndsTheTurn() throws Exception {
        sim.knobs("{\"genieAnswerMs\":20000}");
        int sessions = sim.openGenieSessions();
        String token = sim.token("bob");
        String session = RawMcp.session(token);
        try (Socket socket = RawMcp.post("/mcp", token, session, RawMcp.ASK_GENIE)) { // open: only the notification ends it
            await().atMost(Duration.ofSeconds(15)).until(() -> toolCalls().size() >= 3);
            long cancelled = sim.nowMicros();
            RawMcp.send(token, session, RawMcp.CANCEL_ASK_GENIE).then().statusCode(202);
            assertNothingOfTheTurnAfter(cancelled, sessions);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"genieEndlessBody\":\"sse\"}", "{\"genieEndlessBody\":\"json\"}",
            "{\"llmEndlessBody\":\"sse\"}", "{\"llmEndlessBody\":\"json\"}" })
    void aBodyThatNeverEndsIsCutOffWithA502(String knobs) {
        sim.knobs("{\"genieImmediate\":true}");
        sim.knobs(knobs);
        ask(sim.token("alice")).then().statusCode(502).body("error_code", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("message", containsString("larger than 16 MiB"));
    }
}
