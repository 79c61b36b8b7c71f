package dev.genieobo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.Sim;
import dev.genieobo.workspace.SimulatedWorkspace;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged application as its own process, the simulated workspace in this
 * one, once asking the configured space and once the workspace's Genie. After turns that succeed, fail upstream, are refused and time out, a live
 * heap dump of the application holds none of the callers' tokens. A dump taken
 * while a turn is in flight does hold that turn's token: the scan can see one.
 */
class CredentialHeapIT {

    private static Vertx vertx;
    private static String workspace;
    private static Sim sim;
    /** The application of the running test: one per Genie mode, closed at the test's end. */
    private static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        workspace = StandaloneWorkspace.listen(vertx);
        sim = new Sim(workspace);
    }

    /** The packaged application, asking the configured space or the workspace's Genie. */
    private static PackagedApp startApp(String server) throws Exception {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "databricks.client-id", SimulatedWorkspace.SP_CLIENT_ID,
                "databricks.client-secret", SimulatedWorkspace.SP_CLIENT_SECRET,
                "genie-obo.genie.poll-interval", "20ms",
                "genie-obo.llm.endpoint", "sim-llm",
                "genie-obo.llm.retry-backoff", "10ms",
                "genie-obo.agent.timeout", "2s"));
        config.put("genie-obo.genie.server", server);
        if (server.equals("spaces")) {
            config.put("genie-obo.genie.space-ids", SimulatedWorkspace.SALES_SPACE);
        }
        return PackagedApp.start(workspace, config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close(); // a test that failed before closing its own
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** A client per request, closed after it, so no connection of a caller stays open. */
    private static HttpResponse<String> ask(String token, String question, boolean stream) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return send(http, token, question, stream);
        }
    }

    private static HttpResponse<String> send(HttpClient http, String token, String question, boolean stream)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url("/invocations")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"" + question
                        + "\"}],\"stream\":" + stream + "}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "genie-obo.genie.server={0}")
    @ValueSource(strings = { "spaces", "workspace" })
    void noTokenOutlivesItsRequest(String server) throws Exception {
        app = startApp(server);
        try {
            noTokenOutlivesItsRequest();
        } finally {
            app.close();
            app = null;
        }
    }

    private void noTokenOutlivesItsRequest() throws Exception {
        List<String> used = new ArrayList<>();
        // answered turns, as three users, plain and streamed
        for (String user : List.of("alice", "bob", "dana")) {
            String token = sim.token(user);
            used.add(token);
            assertEquals(200, ask(token, "What is the total sales amount?", false).statusCode());
            String streamed = sim.token(user);
            used.add(streamed);
            assertTrue(ask(streamed, "amount by product", true).body().endsWith("data: [DONE]\n\n"));
        }
        // refused by Genie
        String carol = sim.token("carol");
        used.add(carol);
        assertEquals(403, ask(carol, "total", false).statusCode());
        // the LLM keeps failing
        sim.knobs("{\"llmFailures\":1000}");
        String failing = sim.token("alice");
        used.add(failing);
        assertEquals(502, ask(failing, "total", false).statusCode());
        sim.resetKnobs();
        // Genie too slow for the deadline
        sim.knobs("{\"genieLatencyMs\":2500}");
        String slow = sim.token("bob");
        used.add(slow);
        assertEquals(504, ask(slow, "total", false).statusCode());
        sim.resetKnobs();
        // Genie works past the deadline: the answer is cancelled where the server can cancel, as the caller
        sim.knobs("{\"genieAnswerMs\":10000}");
        String cancelled = sim.token("alice");
        used.add(cancelled);
        assertEquals(504, ask(cancelled, "total", false).statusCode());
        sim.resetKnobs();
        sim.knobs("{\"genieLatencyMs\":2500}");

        // control: while a turn waits on Genie, its token is alive and the scan finds it
        String inFlight = sim.token("dana");
        CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return ask(inFlight, "total", false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.pendingCalls() > 0); // the turn waits on Genie
        byte[] during = heapDump("during");
        assertTrue(contains(during, inFlight), "the scan must see a token that is still in use");
        assertEquals(504, pending.get(30, TimeUnit.SECONDS).statusCode());
        used.add(inFlight);
        sim.resetKnobs();
        // the workspace's delayed answers to abandoned calls arrive and are dropped
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.pendingCalls() == 0);

        byte[] after = heapDump("after");
        List<String> found = used.stream().filter(t -> contains(after, t)).map(CredentialHeapIT::describe).toList();
        assertEquals(List.of(), found, "tokens still reachable in the application's heap");
    }

    private static String describe(String token) {
        return "token ending " + token.substring(token.length() - 8);
    }

    /** The signature part of a JWT is unique to it; look for it in Latin-1/UTF-8 and in UTF-16 (both byte orders). */
    private static boolean contains(byte[] heap, String token) {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String needle = signature.substring(0, Math.min(40, signature.length()));
        String haystack = new String(heap, StandardCharsets.ISO_8859_1);
        if (haystack.contains(needle)) {
            return true;
        }
        StringBuilder be = new StringBuilder();
        StringBuilder le = new StringBuilder();
        for (char c : needle.toCharArray()) {
            be.append('\0').append(c);
            le.append(c).append('\0');
        }
        return haystack.contains(be) || haystack.contains(le);
    }

    private static byte[] heapDump(String name) throws Exception {
        Path file = Files.createTempDirectory("genie-obo-heap").resolve(name + ".hprof");
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process process = new ProcessBuilder(jcmd, String.valueOf(app.pid()), "GC.heap_dump", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "jcmd timed out");
        assertTrue(Files.exists(file) && Files.size(file) > 1_000_000, "no heap dump: " + output);
        try {
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }
}
