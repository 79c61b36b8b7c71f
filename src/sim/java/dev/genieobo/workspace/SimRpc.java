package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON-RPC messages of the simulated Genie MCP server, and the event stream
 * a {@code tools/call} answer goes out as (a progress notification, then the answer).
 *
 * <p>With the knob {@code genieEndStreamEarly} the stream ends before the answer, the way
 * MCP 2025-11-25 lets a server end a long operation's stream (evidence: the published
 * revision's "Resumability and Redelivery" and SSE polling; whether Databricks' Genie does
 * it is unknown): {@code resume} sends a priming event (an id, a {@code retry} hint, no
 * data), ends the stream and keeps the answer for a {@code GET} with that
 * {@code Last-Event-ID} from the same user; {@code refuse} ends it the same way but cannot
 * resume (the {@code GET} is answered 405).
 */
final class SimRpc {

    private static final int MAX_PENDING = 10_000;
    private static final long RETRY_MS = 50;

    private final ObjectMapper mapper;
    private final SimKnobs knobs;
    /** Answers of streams that ended early, by the priming event's id: the owner and the message. */
    private final Map<String, String[]> pending = new ConcurrentHashMap<>();

    SimRpc(ObjectMapper mapper, SimKnobs knobs) {
        this.mapper = mapper;
        this.knobs = knobs;
    }

    /** Answers a {@code tools/call} of {@code owner} with an event stream (or its early end, see above). */
    void sse(RoutingContext rc, String message, String owner) {
        String early = knobs.genieEndStreamEarly;
        if (early.equals("resume") || early.equals("refuse")) {
            String eventId = UUID.randomUUID().toString();
            if (early.equals("resume")) {
                if (pending.size() > MAX_PENDING) {
                    pending.clear();
                }
                pending.put(eventId, new String[] { owner, message });
            }
            rc.response().setStatusCode(200).putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache").end("id: " + eventId + "\nretry: " + RETRY_MS + "\ndata:\n\n");
            return;
        }
        sse(rc, message);
    }

    /**
     * The answer of a stream that ended early, for {@code owner} resuming after
     * {@code lastEventId}, once; null when there is none (or it is another user's).
     */
    String resumed(String lastEventId, String owner) {
        String[] entry = lastEventId == null ? null : pending.get(lastEventId);
        if (entry == null || !entry[0].equals(owner)) {
            return null;
        }
        pending.remove(lastEventId);
        return entry[1];
    }

    /**
     * A {@code GET} to a Genie MCP server: the resumption of a stream that ended early,
     * for the user whose it was (the answer as the next event), else 405 (no GET stream).
     */
    void get(RoutingContext rc, SimulatedWorkspace ws, String space) {
        SimulatedWorkspace.Caller caller = ws.caller(rc);
        String lastEventId = rc.request().getHeader("Last-Event-ID");
        String message = caller.user() ? resumed(lastEventId, caller.principal()) : null;
        ws.record.call("genie", rc, caller, space, "GET", message == null ? 405 : 200);
        if (message == null) {
            rc.response().setStatusCode(405).putHeader("Allow", "POST, DELETE").end();
            return;
        }
        rc.response().setStatusCode(200).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .end("id: " + lastEventId + "-1\nevent: message\ndata: " + message + "\n\n");
    }

    /** Answers with an event stream: a progress notification, then {@code message}. */
    void sse(RoutingContext rc, String message) {
        String progress = mapper.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/progress")
                .<ObjectNode>set("params", mapper.createObjectNode().put("progressToken", "sim").put("progress", 1))
                .toString();
        rc.response().setStatusCode(200).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .end("event: message\ndata: " + progress + "\n\nevent: message\ndata: " + message + "\n\n");
    }

    String result(JsonNode id, ObjectNode result) {
        ObjectNode out = mapper.createObjectNode().put("jsonrpc", "2.0");
        out.set("id", id);
        out.set("result", result);
        return out.toString();
    }

    String error(JsonNode id, int code, String message) {
        ObjectNode out = mapper.createObjectNode().put("jsonrpc", "2.0");
        out.set("id", id);
        out.putObject("error").put("code", code).put("message", message);
        return out.toString();
    }

    /** A tool result whose one text content is {@code genieAnswer}, as JSON. */
    ObjectNode text(ObjectNode genieAnswer) {
        ObjectNode result = mapper.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", genieAnswer.toString());
        result.put("isError", false);
        return result;
    }
}
