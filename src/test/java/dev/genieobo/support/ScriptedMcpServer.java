package dev.genieobo.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A tiny HTTP server on loopback whose answers a test scripts, to drive the MCP
 * client through the awkward cases (SSE split across chunks, JSON-RPC errors,
 * 403 bodies, 405 on DELETE, other protocol versions).
 */
public final class ScriptedMcpServer implements AutoCloseable {

    /** One scripted answer; {@code chunks} are written one by one with a short pause between them. */
    public record Reply(int status, Map<String, String> headers, List<String> chunks) {
        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), List.of(body));
        }

        public static Reply sse(String... chunks) {
            return new Reply(200, Map.of("Content-Type", "text/event-stream"), List.of(chunks));
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body == null ? List.of() : List.of(body));
        }
    }

    /** What the server saw: method, headers of interest and the JSON-RPC method. */
    public record Seen(String httpMethod, String authorization, String sessionId, String protocolVersion, String rpcMethod) {
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> script;
    private volatile Reply onDelete = Reply.status(405, null);

    public ScriptedMcpServer(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    public void script(Function<JsonNode, Reply> script) {
        this.script = script;
    }

    public void onDelete(Reply reply) {
        this.onDelete = reply;
    }

    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            JsonNode message = null;
            try {
                message = body.length() == 0 ? null : mapper.readTree(body.getBytes());
            } catch (Exception ignored) {
                // recorded as no method
            }
            seen.add(new Seen(request.method().name(), request.getHeader("Authorization"),
                    request.getHeader("Mcp-Session-Id"), request.getHeader("MCP-Protocol-Version"),
                    message == null ? null : message.path("method").asText(null)));
            Reply reply;
            if (request.method().name().equals("DELETE")) {
                reply = onDelete;
            } else if (message != null && !message.has("id")) {
                reply = Reply.status(202, null);
            } else {
                reply = script.apply(message);
            }
            var response = request.response().setStatusCode(reply.status());
            reply.headers().forEach(response::putHeader);
            if (reply.chunks().size() <= 1) {
                response.end(reply.chunks().isEmpty() ? "" : reply.chunks().get(0));
                return;
            }
            response.setChunked(true);
            writeChunks(response, reply.chunks(), 0);
        });
    }

    private void writeChunks(io.vertx.core.http.HttpServerResponse response, List<String> chunks, int index) {
        if (index == chunks.size()) {
            response.end();
            return;
        }
        response.write(chunks.get(index));
        vertx.setTimer(15, id -> writeChunks(response, chunks, index + 1));
    }

    public static String result(JsonNode request, String resultJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"result\":" + resultJson + "}";
    }

    public static String error(JsonNode request, int code, String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"error\":{\"code\":" + code
                + ",\"message\":\"" + message + "\"}}";
    }

    @Override
    public void close() {
        server.close();
    }
}
