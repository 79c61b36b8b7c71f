package dev.genieobo.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code genie-obo.mcp.accept-workspace-tokens=true} in databricks mode (what dev, test and
 * sim builds set for the demo; {@link McpServerTest} runs the turns): the start logs one
 * warning that names token passthrough and the way out.
 */
@QuarkusTest
@TestProfile(McpPassthroughTest.Profile.class)
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class McpPassthroughTest {

    static final Path LOG = Path.of("target/mcp-passthrough-test.log");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            delete(LOG);
            return Map.of("genie-obo.mcp.accept-workspace-tokens", "true",
                    "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    /** This run's log lines only. */
    static void delete(Path log) {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theStartWarnsOfTokenPassthrough() throws Exception {
        List<String> warnings = Files.readAllLines(LOG).stream()
                .filter(l -> l.contains("WARN") && l.contains("/mcp accepts workspace tokens")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("token passthrough") && warnings.get(0).contains("genie-obo.auth.mode=exchange"),
                warnings.get(0));
    }
}
