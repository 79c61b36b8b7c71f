package dev.genieobo.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.support.NodePeer;
import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page to watch a turn on ({@code GET /watch}, dev and sim builds), driven in
 * headless Chromium (Debian's {@code chromium}, which .ci/run installs) with
 * playwright-core: alice's panel shows Genie's statuses, the SQL, the result and an
 * answer with 2000 while bob's, the same question, shows 3450. PackagedAppIT checks
 * that a production build has no such page.
 */
@QuarkusTest
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class WatchPageTest implements FreshWorkspace {

    private final Sim sim = Sim.inApp();

    @ParameterizedTest
    @ValueSource(strings = { "invocations", "responses" })
    void aliceAndBobWatchTheSameQuestionAnsweredForEach(String format) throws Exception {
        sim.knobs("{\"genieAnswerMs\":800,\"llmTokenLatencyMs\":5}");
        NodePeer.Result run = NodePeer.run("watch-page.mjs", List.of(Sim.inAppUrl(), format, "alice", "bob"), 120);
        assertEquals(0, run.exitCode(), run.output());
        JsonNode page = new ObjectMapper().readTree(run.output().lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow(() -> new AssertionError(run.output())));
        for (String side : List.of("left", "right")) {
            JsonNode panel = page.path(side);
            assertEquals("", panel.path("error").asText(), panel.toString());
            assertTrue(panel.path("statuses").size() >= 2, "Genie's statuses: " + panel);
            assertEquals("COMPLETED", panel.path("statuses").path(panel.path("statuses").size() - 1).asText());
            assertEquals("SELECT SUM(amount) AS total FROM sales", panel.path("sql").asText());
            assertFalse(panel.path("row").isEmpty(), "the result as a table: " + panel);
        }
        assertTrue(page.path("left").path("answer").asText().contains("2000"), page.toString());
        assertEquals("2000", page.path("left").path("row").path(0).asText());
        assertTrue(page.path("right").path("answer").asText().contains("3450"), page.toString());
        assertEquals("3450", page.path("right").path("row").path(0).asText());
    }
}
