package dev.genieobo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.Sim;
import dev.genieobo.workspace.SimulatedWorkspace;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged application started as AWS Lambda starts a SnapStart snapshot's
 * initialisation ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) fetches neither the
 * service principal's token nor the signing keys while it starts; its first turn
 * fetches both and is answered. Started as an ordinary instance, it fetches both
 * before any caller asks (the check this test would miss if the workspace's record
 * could not see a start's fetches).
 */
@Timeout(180)
class SnapshotStartIT {

    private static Vertx vertx;
    private static String workspace;
    private static Sim sim;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        workspace = StandaloneWorkspace.listen(vertx);
        sim = new Sim(workspace);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static final Map<String, String> CONFIG = Map.of(
            "databricks.client-id", SimulatedWorkspace.SP_CLIENT_ID,
            "databricks.client-secret", SimulatedWorkspace.SP_CLIENT_SECRET,
            "genie-obo.genie.space-ids", SimulatedWorkspace.SALES_SPACE,
            "genie-obo.genie.poll-interval", "20ms",
            "genie-obo.llm.endpoint", "sim-llm");

    private static long keyFetches() {
        return ((Number) sim.stats().get("keyFetches")).longValue();
    }

    private static List<Map<String, Object>> spTokenFetches() {
        return sim.calls().stream().filter(c -> "oidc".equals(c.get("kind"))).toList();
    }

    @Test
    void aSnapshotsInitialisationFetchesNothingAndItsFirstTurnFetchesBoth() throws Exception {
        sim.clearCalls();
        long keysBefore = keyFetches();
        try (PackagedApp app = PackagedApp.start(workspace, CONFIG, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"))) {
            // ready and serving (PackagedApp waited for a 401), every startup observer has run
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> app.output().contains("started in"));
            assertTrue(app.output().contains("SnapStart snapshot initialisation"), app.output());
            String token = sim.token("alice");
            long turnStarted = sim.nowMicros();
            assertEquals(List.of(), spTokenFetches(), "the service principal's token was fetched during init");
            assertEquals(keysBefore, keyFetches(), "the signing keys were fetched during init");

            HttpResponse<String> answer = ask(app, token);
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(JsonPath.from(answer.body()).getString("messages[2].content").contains("2000"),
                    answer.body());
            List<Map<String, Object>> fetched = spTokenFetches();
            assertEquals(1, fetched.size(), "the first turn fetched the service principal's token once: " + fetched);
            assertTrue(((Number) fetched.get(0).get("arrivedMicros")).longValue() >= turnStarted,
                    "the token was asked for before the first turn: " + fetched);
            assertTrue(keyFetches() > keysBefore, "the first turn fetched the signing keys");
        }
    }

    @Test
    void anOrdinaryStartFetchesBothBeforeAnyCaller() throws Exception {
        sim.clearCalls();
        long keysBefore = keyFetches();
        try (PackagedApp app = PackagedApp.start(workspace, CONFIG, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"))) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> spTokenFetches().size() == 1 && keyFetches() > keysBefore);
        }
    }

    private static HttpResponse<String> ask(PackagedApp app, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url("/invocations")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Sim.question("What is the total sales amount?"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
