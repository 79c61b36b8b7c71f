package dev.genieobo.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node.js MCP peer from {@code src/test/node} (installed there by the
 * build with {@code npm ci}) bound to 127.0.0.1.
 */
public final class NodePeer implements AutoCloseable {

    public static final Path DIR = Path.of("src/test/node").toAbsolutePath();

    private final Process process;
    private final int port;

    private NodePeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code @modelcontextprotocol/server-everything} in Streamable HTTP mode and waits until it listens. */
    public static NodePeer serverEverything() throws Exception {
        Path entry = DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.exists(entry)) {
            throw new IllegalStateException("the reference MCP server is not installed: run "
                    + "'npm ci --prefix src/test/node' (./mvnw does this when node_modules is missing)");
        }
        int port = FreePort.free();
        ProcessBuilder builder = new ProcessBuilder("node", "--import", "./loopback.mjs", entry.toString(), "streamableHttp")
                .directory(DIR.toFile()).redirectErrorStream(true);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("HOST", "127.0.0.1");
        Process process = builder.start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("listening on port " + port)) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("server-everything exited: " + output));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "server-everything-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        return new NodePeer(process, port);
    }

    /** Runs a Node script from src/test/node with arguments; returns its exit code and output. */
    public static Result run(String script, List<String> args, long timeoutSeconds) throws Exception {
        return run(script, args, java.util.Map.of(), timeoutSeconds);
    }

    /** The same, with extra environment variables for the script. */
    public static Result run(String script, List<String> args, java.util.Map<String, String> env, long timeoutSeconds)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish in " + timeoutSeconds + " s: " + out.getNow(""));
        }
        return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS));
    }

    public record Result(int exitCode, String output) {
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

}
