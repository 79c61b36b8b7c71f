package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The managed Genie MCP server of the simulated workspace
 * ({@code /api/2.0/mcp/genie/{space}}): Streamable HTTP, JSON-RPC over POST,
 * an {@code Mcp-Session-Id} on initialize, tools {@code query_space_<id>} and
 * {@code poll_response_<id>}. {@code tools/call} is answered as SSE (with a
 * progress notification first), everything else as JSON, so every turn
 * exercises both reply forms. The first answer to a query is
 * {@code EXECUTING_QUERY}, so callers must poll.
 */
final class SimGenie {

    private record Session(String owner) {
    }

    private record Message(String owner, String conversationId, String messageId, SimData.Answer answer,
            int[] pendingPolls) {
    }

    private static final int MAX_ENTRIES = 50_000;

    private final SimulatedWorkspace ws;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Message> messages = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger toolCallsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxToolCallsInFlight = new java.util.concurrent.atomic.AtomicInteger();

    SimGenie(SimulatedWorkspace ws) {
        this.ws = ws;
    }

    void get(RoutingContext rc) {
        rc.response().setStatusCode(405).putHeader("Allow", "POST, DELETE").end();
    }

    void delete(RoutingContext rc) {
        SimulatedWorkspace.arrived(rc);
        ws.later(ws.knobs.genieLatencyMs, () -> endSession(rc));
    }

    private void endSession(RoutingContext rc) {
        String space = rc.pathParam("space");
        SimulatedWorkspace.Caller caller = ws.caller(rc);
        String id = rc.request().getHeader("Mcp-Session-Id");
        Session session = id == null ? null : sessions.get(id);
        int status = session != null && session.owner().equals(caller.principal()) ? 200 : 404;
        if (status == 200) {
            sessions.remove(id);
        }
        ws.record("genie", rc, caller, space, "DELETE", status);
        rc.response().setStatusCode(status).end();
    }

    void post(RoutingContext rc) {
        SimulatedWorkspace.arrived(rc);
        boolean toolCall = rc.body().asString("UTF-8").contains("\"tools/call\"");
        if (toolCall) {
            maxToolCallsInFlight.accumulateAndGet(toolCallsInFlight.incrementAndGet(), Math::max);
        }
        ws.later(ws.knobs.genieLatencyMs, () -> {
            if (toolCall) {
                toolCallsInFlight.decrementAndGet();
            }
            handle(rc);
        });
    }

    /** The most {@code tools/call} requests that were waiting at the same time since the last reset. */
    int maxConcurrentToolCalls() {
        return maxToolCallsInFlight.get();
    }

    void resetStats() {
        maxToolCallsInFlight.set(0);
    }

    private void handle(RoutingContext rc) {
        String space = rc.pathParam("space");
        SimulatedWorkspace.Caller caller = ws.caller(rc);
        JsonNode request;
        try {
            request = ws.mapper.readTree(rc.body().asString());
        } catch (Exception e) {
            request = null;
        }
        String method = request == null ? null : request.path("method").asText(null);
        if (!caller.user() && !caller.servicePrincipal()) {
            ws.record("genie", rc, caller, space, method, 401);
            SimulatedWorkspace.json(rc, 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Invalid access token.\"}");
            return;
        }
        if (!SimulatedWorkspace.SALES_SPACE.equals(space)) {
            ws.record("genie", rc, caller, space, method, 404);
            SimulatedWorkspace.json(rc, 404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Genie space "
                    + space.replaceAll("[^A-Za-z0-9]", "") + " does not exist.\"}");
            return;
        }
        if (!caller.user() || !SimData.mayUseSpace(caller.principal())) {
            ws.record("genie", rc, caller, space, method, 403);
            SimulatedWorkspace.json(rc, 403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"User "
                    + caller.principal() + " does not have permission to use Genie space " + space + ".\"}");
            return;
        }
        if (request == null || method == null) {
            ws.record("genie", rc, caller, space, method, 400);
            SimulatedWorkspace.json(rc, 400, rpcError(null, -32700, "Parse error"));
            return;
        }
        JsonNode id = request.get("id");
        if (id == null) {
            ws.record("genie", rc, caller, space, method, 202);
            rc.response().setStatusCode(202).end();
            return;
        }
        if (method.equals("initialize")) {
            String sessionId = UUID.randomUUID().toString();
            if (sessions.size() > MAX_ENTRIES) {
                sessions.clear();
            }
            sessions.put(sessionId, new Session(caller.principal()));
            String asked = request.path("params").path("protocolVersion").asText("");
            String version = !ws.knobs.genieProtocolVersion.isEmpty() ? ws.knobs.genieProtocolVersion
                    : McpVersions.answer(asked);
            ObjectNode result = ws.mapper.createObjectNode();
            result.put("protocolVersion", version);
            result.putObject("capabilities").putObject("tools").put("listChanged", false);
            result.putObject("serverInfo").put("name", "databricks-genie-sim").put("version", "1.0.0");
            ws.record("genie", rc, caller, space, method, 200);
            rc.response().putHeader("Mcp-Session-Id", sessionId);
            SimulatedWorkspace.json(rc, 200, rpcResult(id, result));
            return;
        }
        String sessionId = rc.request().getHeader("Mcp-Session-Id");
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || !session.owner().equals(caller.principal())) {
            ws.record("genie", rc, caller, space, method, 404);
            SimulatedWorkspace.json(rc, 404, rpcError(id, -32001, "Session not found"));
            return;
        }
        ws.record("genie", rc, caller, space, method, 200);
        switch (method) {
            case "tools/list" -> SimulatedWorkspace.json(rc, 200, rpcResult(id, tools(space)));
            case "tools/call" -> sse(rc, id, call(caller.principal(), space, request.path("params"), id));
            case "ping" -> SimulatedWorkspace.json(rc, 200, rpcResult(id, ws.mapper.createObjectNode()));
            default -> SimulatedWorkspace.json(rc, 200, rpcError(id, -32601, "Method not found: " + method));
        }
    }

    private ObjectNode tools(String space) {
        ObjectNode result = ws.mapper.createObjectNode();
        ArrayNode tools = result.putArray("tools");
        ObjectNode query = tools.addObject();
        query.put("name", "query_space_" + space + ws.knobs.genieToolNameSuffix);
        query.put("description", "Ask the Genie space 'Sales' (table sales: region, product, amount) a question "
                + "in natural language. Returns the SQL Genie ran and its result.");
        ObjectNode qs = query.putObject("inputSchema").put("type", "object");
        qs.putObject("properties").<ObjectNode>set("query", ws.mapper.createObjectNode().put("type", "string")
                .put("description", "The question to ask Genie"))
                .set("conversation_id", ws.mapper.createObjectNode().put("type", "string")
                        .put("description", "Continue this Genie conversation"));
        qs.putArray("required").add("query");
        query.putObject("annotations").put("readOnlyHint", true);
        ObjectNode poll = tools.addObject();
        poll.put("name", "poll_response_" + space + ws.knobs.genieToolNameSuffix);
        poll.put("description", "Poll a pending Genie answer.");
        ObjectNode ps = poll.putObject("inputSchema").put("type", "object");
        ps.putObject("properties").<ObjectNode>set("conversation_id", ws.mapper.createObjectNode().put("type", "string"))
                .set("message_id", ws.mapper.createObjectNode().put("type", "string"));
        ps.putArray("required").add("conversation_id").add("message_id");
        poll.putObject("annotations").put("readOnlyHint", true);
        return result;
    }

    /** The JSON-RPC message answering a tools/call: a result or an error. */
    private String call(String user, String space, JsonNode params, JsonNode id) {
        String name = params.path("name").asText("");
        JsonNode args = params.path("arguments");
        if (name.equals("query_space_" + space + ws.knobs.genieToolNameSuffix)) {
            String question = args.path("query").asText("");
            if (question.isBlank()) {
                return rpcError(id, -32602, "BAD_REQUEST: query is required");
            }
            String conversation = args.hasNonNull("conversation_id") ? args.get("conversation_id").asText()
                    : UUID.randomUUID().toString().replace("-", "");
            String messageId = UUID.randomUUID().toString().replace("-", "");
            Message message = new Message(user, conversation, messageId, SimData.answer(user, question),
                    new int[] { ws.knobs.geniePendingPolls });
            if (messages.size() > MAX_ENTRIES) {
                messages.clear();
            }
            messages.put(messageId, message);
            return rpcResult(id, text(ws.knobs.genieImmediate ? payload(message) : pending(message)));
        }
        if (name.equals("poll_response_" + space + ws.knobs.genieToolNameSuffix)) {
            Message message = messages.get(args.path("message_id").asText(""));
            if (message == null || !message.owner().equals(user)
                    || !message.conversationId().equals(args.path("conversation_id").asText(""))) {
                return rpcError(id, -32602, "BAD_REQUEST: no such message in this conversation");
            }
            synchronized (message) {
                if (message.pendingPolls()[0] > 0) {
                    message.pendingPolls()[0]--;
                    return rpcResult(id, text(pending(message)));
                }
            }
            return rpcResult(id, text(payload(message)));
        }
        return rpcError(id, -32602, "BAD_REQUEST: unknown tool " + name.replaceAll("[^A-Za-z0-9_]", ""));
    }

    private ObjectNode pending(Message message) {
        ObjectNode out = ws.mapper.createObjectNode();
        out.putObject("content").putArray("queryAttachments");
        out.put("conversationId", message.conversationId());
        out.put("messageId", message.messageId());
        out.put("status", "EXECUTING_QUERY");
        return out;
    }

    /** The terminal Genie answer in the managed MCP format (camelCase outside, snake_case in statement_response). */
    private ObjectNode payload(Message message) {
        SimData.Answer answer = message.answer();
        ObjectNode out = ws.mapper.createObjectNode();
        ObjectNode content = out.putObject("content");
        ArrayNode attachments = content.putArray("queryAttachments");
        if (answer.sql() != null) {
            ObjectNode attachment = attachments.addObject();
            attachment.put("query", answer.sql());
            attachment.put("description", answer.description());
            ObjectNode statement = attachment.putObject("statement_response");
            statement.put("statement_id", "stmt-" + message.messageId());
            statement.putObject("status").put("state", "SUCCEEDED");
            ObjectNode manifest = statement.putObject("manifest");
            ArrayNode columns = manifest.putObject("schema").putArray("columns");
            answer.columns().forEach(c -> columns.addObject().put("name", c).put("type_name",
                    c.equals("region") || c.equals("product") ? "STRING" : "LONG"));
            manifest.put("total_row_count", answer.rows().size());
            manifest.put("truncated", false);
            ArrayNode data = statement.putObject("result").putArray("data_array");
            boolean arrays = "arrays".equals(ws.knobs.rowShape);
            for (List<String> row : answer.rows()) {
                if (arrays) {
                    ArrayNode r = data.addArray();
                    row.forEach(r::add);
                } else {
                    ArrayNode values = data.addObject().putArray("values");
                    row.forEach(v -> values.addObject().put("string_value", v));
                }
            }
        }
        content.putArray("textAttachments").add(answer.text());
        content.putArray("suggestedQuestions").add("What is the amount by product?");
        out.put("conversationId", message.conversationId());
        out.put("messageId", message.messageId());
        out.put("status", answer.status());
        return out;
    }

    private ObjectNode text(ObjectNode genieAnswer) {
        ObjectNode result = ws.mapper.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", genieAnswer.toString());
        result.put("isError", false);
        return result;
    }

    private void sse(RoutingContext rc, JsonNode id, String message) {
        String progress = ws.mapper.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/progress")
                .<ObjectNode>set("params", ws.mapper.createObjectNode().put("progressToken", "sim").put("progress", 1))
                .toString();
        rc.response().setStatusCode(200).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .end("event: message\ndata: " + progress + "\n\nevent: message\ndata: " + message + "\n\n");
    }

    private String rpcResult(JsonNode id, ObjectNode result) {
        ObjectNode out = ws.mapper.createObjectNode().put("jsonrpc", "2.0");
        out.set("id", id);
        out.set("result", result);
        return out.toString();
    }

    private String rpcError(JsonNode id, int code, String message) {
        ObjectNode out = ws.mapper.createObjectNode().put("jsonrpc", "2.0");
        out.set("id", id);
        out.putObject("error").put("code", code).put("message", message);
        return out.toString();
    }
}
