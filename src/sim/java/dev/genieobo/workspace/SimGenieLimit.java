package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;

/**
 * The workspace's limit on new Genie questions ({@code genieQuestionsPerMinute}
 * per {@code genieRateWindowMs}, across all spaces and users), and how a question
 * over it is refused ({@code genieRateLimitForm}).
 */
final class SimGenieLimit {

    private final SimulatedWorkspace ws;
    private final SimRpc rpc;
    /** When the questions inside the current rate-limit window were accepted (System.nanoTime()), oldest first. */
    private final ArrayDeque<Long> questions = new ArrayDeque<>();

    SimGenieLimit(SimulatedWorkspace ws, SimRpc rpc) {
        this.ws = ws;
        this.rpc = rpc;
    }

    /** Forgets the questions of the rate-limit window (knobs reset). */
    void reset() {
        synchronized (questions) {
            questions.clear();
        }
    }

    /**
     * Counts a new question against the workspace's limit: -1 when it is accepted,
     * else how long (ms) until the oldest question of the window leaves it.
     */
    long admit() {
        int limit = ws.knobs.genieQuestionsPerMinute;
        if (limit <= 0) {
            return -1;
        }
        long window = ws.knobs.genieRateWindowMs * 1_000_000;
        long now = System.nanoTime();
        synchronized (questions) {
            while (!questions.isEmpty() && now - questions.peekFirst() >= window) {
                questions.pollFirst();
            }
            if (questions.size() >= limit) {
                return Math.max(1, (questions.peekFirst() + window - now) / 1_000_000);
            }
            questions.addLast(now);
            return -1;
        }
    }

    /**
     * Refuses a question for load, in the form {@code genieRateLimitForm} asks for.
     * Evidence (docs/workspace.md, "Rate limits": third-party reports): HTTP 429,
     * here with {@code Retry-After}, and HTTP 400 with {@code RESOURCE_EXHAUSTED}. A guess,
     * by analogy with the managed MCP server's documented {@code BAD_REQUEST: ...}
     * JSON-RPC errors: {@code rpc}, a JSON-RPC error {@code RESOURCE_EXHAUSTED: ...}
     * without a delay, and {@code tool}, a tool result with {@code isError} that says when
     * to retry.
     */
    void refuse(RoutingContext rc, SimulatedWorkspace.Caller caller, String space, String tool, JsonNode id,
            long waitMs) {
        int limit = ws.knobs.genieQuestionsPerMinute;
        String words = "RESOURCE_EXHAUSTED: the workspace has reached its limit of " + limit
                + " Genie questions per " + (ws.knobs.genieRateWindowMs / 1000.0) + " s";
        long seconds = Math.max(1, (waitMs + 999) / 1000);
        ws.record.call("genie", rc, caller, space, "tools/call", switch (ws.knobs.genieRateLimitForm) {
            case "http400" -> 400;
            case "rpc", "tool" -> 200;
            default -> 429;
        }, tool, "RESOURCE_EXHAUSTED");
        switch (ws.knobs.genieRateLimitForm) {
            case "http400" -> SimulatedWorkspace.json(rc, 400, ws.mapper.createObjectNode()
                    .put("error_code", "RESOURCE_EXHAUSTED").put("message", words).toString());
            case "rpc" -> rpc.sse(rc, rpc.error(id, -32000, words), caller.principal());
            case "tool" -> {
                ObjectNode result = ws.mapper.createObjectNode();
                result.putArray("content").addObject().put("type", "text")
                        .put("text", words + ". Retry after " + seconds + " seconds.");
                result.put("isError", true);
                rpc.sse(rc, rpc.result(id, result), caller.principal());
            }
            default -> {
                rc.response().putHeader("Retry-After", Long.toString(seconds));
                SimulatedWorkspace.json(rc, 429, ws.mapper.createObjectNode()
                        .put("error_code", "RESOURCE_EXHAUSTED").put("message", words).toString());
            }
        }
    }
}
