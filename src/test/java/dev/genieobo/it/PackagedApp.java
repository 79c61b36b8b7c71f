package dev.genieobo.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged application run as its own process, pointed at a workspace: the JVM
 * package ({@code target/quarkus-app/quarkus-run.jar}, as built by {@code ./mvnw verify}),
 * or the native executable when the build is native ({@code ./mvnw verify -Dnative}: the
 * pom's native profile sets {@code genie-obo.it.native=true}, and failsafe names the
 * executable in {@code native.image.path}).
 */
final class PackagedApp implements AutoCloseable {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    /** Whether this build tests the native executable. */
    static boolean nativeBuild() {
        return Boolean.getBoolean("genie-obo.it.native");
    }

    /** The native executable failsafe names. */
    private static Path nativeExecutable() {
        String path = System.getProperty("native.image.path");
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("native.image.path is not set: failsafe names the native executable there");
        }
        return Path.of(path);
    }

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedApp(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PackagedApp start(String workspace, Map<String, String> config) throws Exception {
        return start(workspace, config, Map.of());
    }

    /** With {@code environment} added to the process's environment (as a platform would set it). */
    static PackagedApp start(String workspace, Map<String, String> config, Map<String, String> environment)
            throws Exception {
        Path packaged = nativeBuild() ? nativeExecutable() : JAR;
        if (!Files.exists(packaged)) {
            throw new IllegalStateException(packaged + " is missing: integration tests run after 'package' (./mvnw verify"
                    + (nativeBuild() ? " -Dnative" : "") + ")");
        }
        int port = dev.genieobo.support.FreePort.free();
        List<String> command = new ArrayList<>();
        // a native executable takes -Dkey=value after its name, as java takes them before -jar
        command.add(nativeBuild() ? packaged.toString() : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Ddatabricks.host=" + workspace);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (!nativeBuild()) {
            command.add("-jar");
            command.add(JAR.toString());
        }
        Path log = Files.createTempFile("genie-obo-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DATABRICKS_") || k.startsWith("GENIE_OBO_")
                || k.startsWith("AWS_LAMBDA_"));
        builder.environment().putAll(environment);
        PackagedApp app = new PackagedApp(builder.start(), port, log);
        app.awaitReady();
        return app;
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the packaged app exited: " + output());
                        }
                        try {
                            return client.send(HttpRequest.newBuilder(URI.create(url("/invocations")))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                                    HttpResponse.BodyHandlers.ofString()).statusCode() == 401;
                        } catch (IOException notYet) {
                            return false; // still starting
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("the packaged app did not start: " + output());
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
