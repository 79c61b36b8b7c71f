package dev.genieobo.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Gives every @QuarkusTest application a free port of its own (each start of a test
 * profile picks one), so that two builds on one machine never collide. The in-app
 * simulated workspace is reached on the same port ({@code %test.databricks.host} is
 * {@code http://localhost:${quarkus.http.test-port}}); tests find it with
 * {@link Sim#inApp()}, which reads RestAssured's port.
 */
public class FreePort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = Integer.toString(free());
        // the Lambda build's mock event server takes the HTTP server's place (and RestAssured reads its key first)
        return Map.of("quarkus.http.test-port", port, "quarkus.lambda.mock-event-server.test-port", port);
    }

    @Override
    public void stop() {
    }

    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
