package dev.genieobo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many users at once: every answer is its own user's, every Genie call carries
 * that user's token and none the service principal's, every LLM call is the
 * service principal's. Against the configured space here, against the workspace's
 * Genie in {@link WorkspaceIsolationTest}.
 */
@QuarkusTest
class IsolationTest {

    private static final Map<String, String> TOTALS = Map.of("alice", "2000", "bob", "3450", "dana", "6450");
    private static final int REQUESTS = 60;

    private final Sim sim = Sim.inApp();
    private final ObjectMapper mapper = new ObjectMapper();

    /** initialize, initialized, query, poll, DELETE. */
    int genieCallsPerTurn() {
        return 5;
    }

    @Test
    void concurrentUsersEachSeeOnlyTheirOwnData() throws Exception {
        sim.resetKnobs();
        sim.knobs("{\"genieLatencyMs\":5,\"llmLatencyMs\":5}");
        Map<String, String> tokens = TOTALS.keySet().stream().collect(Collectors.toMap(u -> u, sim::token));
        sim.clearCalls();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(java.util.concurrent.Executors.newFixedThreadPool(8)).build();
        List<String> users = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        List<String> order = List.of("alice", "bob", "dana");
        for (int i = 0; i < REQUESTS; i++) {
            String user = order.get(i % 3);
            users.add(user);
            HttpRequest request = HttpRequest.newBuilder(URI.create(dev.genieobo.support.Sim.inAppUrl() + "/invocations"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + tokens.get(user))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Sim.question("What is the total sales amount?")))
                    .build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = pending.get(i).get();
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = mapper.readTree(response.body());
            String answer = body.path("messages").path(2).path("content").asText();
            String mine = TOTALS.get(users.get(i));
            assertTrue(answer.contains(mine), users.get(i) + " got: " + answer);
            // the figure Genie returned to this caller (ids may contain any digits, so compare fields)
            JsonNode genie = mapper.readTree(body.path("messages").path(1).path("content").asText());
            assertEquals(mine, genie.path("queries").path(0).path("rows").path(0).path(0).asText(), users.get(i));
            for (String other : TOTALS.values()) {
                if (!other.equals(mine)) {
                    assertTrue(!answer.contains(other), users.get(i) + " saw another user's figure " + other + ": " + answer);
                }
            }
        }
        sim.resetKnobs();

        Map<String, String> userOfFingerprint = tokens.entrySet().stream()
                .collect(Collectors.toMap(e -> Sim.fingerprint(e.getValue()), Map.Entry::getKey));
        List<Map<String, Object>> calls = sim.calls();
        List<Map<String, Object>> genie = calls.stream().filter(c -> "genie".equals(c.get("kind"))).toList();
        List<Map<String, Object>> llm = calls.stream().filter(c -> "llm".equals(c.get("kind"))).toList();
        // the workspace Genie's tools are listed once per process, by whichever caller came first
        List<Map<String, Object>> listed = genie.stream().filter(c -> "tools/list".equals(c.get("rpcMethod"))).toList();
        assertTrue(listed.size() <= 1, "tools/list once at most: " + listed);
        listed.forEach(c -> assertEquals("user", c.get("principalType"), "tools/list not as a user: " + c));
        genie = genie.stream().filter(c -> !"tools/list".equals(c.get("rpcMethod"))).toList();
        assertEquals(REQUESTS * genieCallsPerTurn(), genie.size(), "Genie calls per turn");
        assertEquals(REQUESTS * 2, llm.size());
        for (Map<String, Object> call : genie) {
            assertEquals("user", call.get("principalType"), "Genie call not as a user: " + call);
            assertEquals(userOfFingerprint.get(call.get("tokenSha256")), call.get("principal"),
                    "Genie call with another user's token: " + call);
        }
        for (Map<String, Object> call : llm) {
            assertEquals("service_principal", call.get("principalType"), "LLM call not as the system: " + call);
            assertTrue(!userOfFingerprint.containsKey(call.get("tokenSha256")), "a user token reached the LLM");
        }
        Map<Object, Long> perUser = genie.stream().collect(Collectors.groupingBy(c -> c.get("principal"), Collectors.counting()));
        assertEquals(Set.of("alice", "bob", "dana"), perUser.keySet());
        perUser.values().forEach(n -> assertEquals(REQUESTS / 3 * genieCallsPerTurn(), n));
    }
}
