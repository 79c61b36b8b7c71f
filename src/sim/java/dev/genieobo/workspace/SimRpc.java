package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON-RPC messages of the simulated Genie MCP server, and the event stream
 * a {@code tools/call} answer goes out as (a progress notification, then the answer).
 */
final class SimRpc {

    private final ObjectMapper mapper;

    SimRpc(ObjectMapper mapper) {
        this.mapper = mapper;
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
