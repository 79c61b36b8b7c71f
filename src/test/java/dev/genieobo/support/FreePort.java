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
        // (the Lambda build's mock event server starts before this: pom.xml gives it port 0)
        return Map.of("quarkus.http.test-port", Integer.toString(free()));
    }

    @Override
    public void stop() {
    }

    /**
     * A port nothing listens on now, picked at random below Linux's ephemeral range
     * (32768-60999): a port from {@code new ServerSocket(0)} comes from that range, where
     * the outgoing connections of a busy build on the same machine take their local
     * ports, and one was taken between the pick and the bind.
     */
    public static int free() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = random.nextInt(20_000, 32_768);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32767");
    }
}
