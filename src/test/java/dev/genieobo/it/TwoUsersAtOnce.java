package dev.genieobo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.support.Sim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * alice and bob asking the packaged application at once, several turns each: every answer
 * holds its own caller's figure and not the other's, and every Genie call carried its
 * caller's token. The record shows that the two users' Genie calls overlapped in time, so
 * the turns did run at once.
 */
final class TwoUsersAtOnce {

    static final String QUESTION = "What is the total sales amount?";
    static final Map<String, String> TOTALS = Map.of("alice", "2000", "bob", "3450");
    private static final int CALLERS_PER_USER = 2;
    private static final int TURNS_PER_CALLER = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TwoUsersAtOnce() {
    }

    private record Turn(String user, int status, String answer) {
    }

    /** Runs the turns against the application on {@code port}; returns the Genie calls the record holds. */
    static List<Map<String, Object>> eachGetsOnlyTheirOwnFigure(Sim sim, int port) throws Exception {
        sim.knobs("{\"genieLatencyMs\":40}"); // every Genie call takes a while: the users' turns overlap
        // a token of its own for every turn, minted before the start
        Map<String, String> userOfFingerprint = new HashMap<>();
        Map<String, List<List<String>>> tokens = new HashMap<>();
        for (String user : TOTALS.keySet()) {
            List<List<String>> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS_PER_USER; c++) {
                List<String> turns = new ArrayList<>();
                for (int t = 0; t < TURNS_PER_CALLER; t++) {
                    String token = sim.token(user);
                    userOfFingerprint.put(Sim.fingerprint(token), user);
                    turns.add(token);
                }
                callers.add(turns);
            }
            tokens.put(user, callers);
        }
        sim.clearCalls();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(TOTALS.size() * CALLERS_PER_USER);
        List<Future<List<Turn>>> callers = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            tokens.forEach((user, ofUser) -> ofUser.forEach(turns -> callers.add(pool.submit(() -> {
                go.await();
                List<Turn> answered = new ArrayList<>();
                for (String token : turns) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/invocations"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(Sim.question(QUESTION)))
                            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                    answered.add(new Turn(user, response.statusCode(), finalAnswer(response)));
                }
                return answered;
            }))));
            go.countDown(); // every caller at once
            List<Turn> turns = new ArrayList<>();
            for (Future<List<Turn>> caller : callers) {
                turns.addAll(caller.get(120, TimeUnit.SECONDS));
            }
            assertEquals(TOTALS.size() * CALLERS_PER_USER * TURNS_PER_CALLER, turns.size());
            for (Turn turn : turns) {
                assertEquals(200, turn.status(), turn.user() + ": " + turn.answer());
                String mine = TOTALS.get(turn.user());
                assertTrue(turn.answer().contains(mine), turn.user() + " did not get " + mine + ": " + turn.answer());
                TOTALS.values().stream().filter(other -> !other.equals(mine)).forEach(other -> assertFalse(
                        turn.answer().contains(other), turn.user() + " saw another user's figure: " + turn.answer()));
            }
        } finally {
            pool.shutdownNow();
            sim.resetKnobs();
        }
        List<Map<String, Object>> genie = sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList();
        for (Map<String, Object> call : genie) {
            assertEquals("user", call.get("principalType"), "a Genie call not as a user: " + call);
            assertEquals(userOfFingerprint.get(call.get("tokenSha256")), call.get("principal"),
                    "a Genie call with another user's token: " + call);
        }
        assertEquals(TOTALS.keySet(), genie.stream().map(c -> c.get("principal")).collect(Collectors.toSet()));
        assertTrue(overlap(genie), "alice's and bob's Genie calls never overlapped: the turns did not run at once");
        return genie;
    }

    /** The text of the last message of a ChatAgent answer, which is the assistant's (else the error's message). */
    private static String finalAnswer(HttpResponse<String> response) throws Exception {
        JsonNode body = MAPPER.readTree(response.body());
        JsonNode messages = body.path("messages");
        if (messages.isEmpty()) {
            return body.path("message").asText(); // an error: what it says
        }
        JsonNode last = messages.get(messages.size() - 1);
        assertEquals("assistant", last.path("role").asText(), "the last message is the assistant's");
        return last.path("content").asText();
    }

    /** Whether a Genie call of one user was in progress while one of another user was. */
    private static boolean overlap(List<Map<String, Object>> genie) {
        for (Map<String, Object> a : genie) {
            for (Map<String, Object> b : genie) {
                if (!a.get("principal").equals(b.get("principal")) && micros(a, "arrivedMicros") < micros(b, "answeredMicros")
                        && micros(b, "arrivedMicros") < micros(a, "answeredMicros")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long micros(Map<String, Object> call, String field) {
        return ((Number) call.get(field)).longValue();
    }
}
