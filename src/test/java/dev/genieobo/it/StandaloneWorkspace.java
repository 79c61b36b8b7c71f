package dev.genieobo.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.workspace.SimulatedWorkspace;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The simulated workspace in the test JVM, for tests of the packaged (production)
 * application, which contains no workspace of its own. Its settings go to the
 * application as system properties.
 */
public class StandaloneWorkspace implements QuarkusTestResourceLifecycleManager {

    private static volatile String url;
    private Vertx vertx;

    /** The workspace's base URL while the test resource runs. */
    public static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        url = listen(vertx);
        return Map.of("databricks.host", url,
                "databricks.client-id", SimulatedWorkspace.SP_CLIENT_ID,
                "databricks.client-secret", SimulatedWorkspace.SP_CLIENT_SECRET,
                "genie-obo.genie.space-ids", SimulatedWorkspace.SALES_SPACE,
                "genie-obo.genie.poll-interval", "20ms",
                "genie-obo.llm.endpoint", "sim-llm");
    }

    /** Starts a simulated workspace on {@code vertx}, on a free loopback port; returns its base URL. */
    static String listen(Vertx vertx) {
        try {
            HttpServer server = new SimulatedWorkspace(vertx, new ObjectMapper(), null).listen("127.0.0.1", 0)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return "http://127.0.0.1:" + server.actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the simulated workspace", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
