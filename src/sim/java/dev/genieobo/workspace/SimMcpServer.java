package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the simulated workspace's Genie MCP servers (a space's, {@link SimGenie}, and the
 * workspace's, {@link SimGenieOne}) have in common: Streamable HTTP, JSON-RPC over POST,
 * the caller's token verified on every request (401), the server's own refusal (403,
 * 404), an {@code Mcp-Session-Id} issued on {@code initialize} and owned by its user,
 * notifications answered 202, {@code tools/list} and unknown methods as JSON, and
 * {@code DELETE} ending a session. Each server supplies its refusal, tools and tool calls.
 */
final class SimMcpServer {

    /** One Genie MCP server's own part. */
    interface Genie {
        /** The refusal of this caller (an HTTP status and a JSON body), or null when they may use the server. */
        Refusal refusal(SimulatedWorkspace.Caller caller);

        /** The {@code tools/list} result. */
        ObjectNode tools();

        /** Answers a {@code tools/call} (recording it). */
        void toolCall(RoutingContext rc, SimulatedWorkspace.Caller caller, JsonNode params, JsonNode id);
    }

    record Refusal(int status, String body) {
    }

    private static final int MAX_ENTRIES = 50_000;

    private final SimulatedWorkspace ws;
    private final SimRpc rpc;
    private final String serverName;
    /** Session id to the user who opened it. */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    SimMcpServer(SimulatedWorkspace ws, SimRpc rpc, String serverName) {
        this.ws = ws;
        this.rpc = rpc;
        this.serverName = serverName;
    }

    /** Sessions opened and not yet ended with DELETE. */
    int openSessions() {
        return sessions.size();
    }

    static String unauthenticated(SimulatedWorkspace.Caller caller) {
        return "expired".equals(caller.type())
                ? "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"The access token has expired.\"}"
                : "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Invalid access token.\"}";
    }

    /** Ends the caller's session ({@code DELETE}): 200, 404 for a session that is not theirs, 401. */
    void delete(RoutingContext rc, String space) {
        SimulatedWorkspace.Caller caller = ws.caller(rc);
        if (!caller.user() && !caller.servicePrincipal()) {
            ws.record.call("genie", rc, caller, space, "DELETE", 401);
            SimulatedWorkspace.json(rc, 401, unauthenticated(caller));
            return;
        }
        String id = rc.request().getHeader("Mcp-Session-Id");
        int status = id != null && caller.principal().equals(sessions.get(id)) ? 200 : 404;
        if (status == 200) {
            sessions.remove(id);
        }
        ws.record.call("genie", rc, caller, space, "DELETE", status);
        rc.response().setStatusCode(status).end();
    }

    /** Answers one POST to the server that {@code space} names in the record. */
    void post(RoutingContext rc, String space, Genie genie) {
        SimulatedWorkspace.Caller caller = ws.caller(rc);
        JsonNode request;
        try {
            request = ws.mapper.readTree(rc.body().asString());
        } catch (Exception e) {
            request = null;
        }
        String method = request == null ? null : request.path("method").asText(null);
        if (!caller.user() && !caller.servicePrincipal()) {
            ws.record.call("genie", rc, caller, space, method, 401);
            SimulatedWorkspace.json(rc, 401, unauthenticated(caller));
            return;
        }
        Refusal refusal = genie.refusal(caller);
        if (refusal != null) {
            ws.record.call("genie", rc, caller, space, method, refusal.status());
            SimulatedWorkspace.json(rc, refusal.status(), refusal.body());
            return;
        }
        if (request == null || method == null) {
            ws.record.call("genie", rc, caller, space, method, 400);
            SimulatedWorkspace.json(rc, 400, rpc.error(null, -32700, "Parse error"));
            return;
        }
        JsonNode id = request.get("id");
        if (id == null) {
            ws.record.call("genie", rc, caller, space, method, 202);
            rc.response().setStatusCode(202).end();
            return;
        }
        if (method.equals("initialize")) {
            initialize(rc, caller, space, request, id);
            return;
        }
        String sessionId = rc.request().getHeader("Mcp-Session-Id");
        if (sessionId == null || !caller.principal().equals(sessions.get(sessionId))) {
            ws.record.call("genie", rc, caller, space, method, 404);
            SimulatedWorkspace.json(rc, 404, rpc.error(id, -32001, "Session not found"));
            return;
        }
        switch (method) {
            case "tools/list" -> {
                ws.record.call("genie", rc, caller, space, method, 200);
                SimulatedWorkspace.json(rc, 200, rpc.result(id, genie.tools()));
            }
            case "tools/call" -> genie.toolCall(rc, caller, request.path("params"), id);
            case "ping" -> {
                ws.record.call("genie", rc, caller, space, method, 200);
                SimulatedWorkspace.json(rc, 200, rpc.result(id, ws.mapper.createObjectNode()));
            }
            default -> {
                ws.record.call("genie", rc, caller, space, method, 200);
                SimulatedWorkspace.json(rc, 200, rpc.error(id, -32601, "Method not found: " + method));
            }
        }
    }

    /** A new session of the caller's, in the revision the knob names or the client's when known. */
    private void initialize(RoutingContext rc, SimulatedWorkspace.Caller caller, String space, JsonNode request,
            JsonNode id) {
        String sessionId = UUID.randomUUID().toString();
        if (sessions.size() > MAX_ENTRIES) {
            sessions.clear();
        }
        sessions.put(sessionId, caller.principal());
        String asked = request.path("params").path("protocolVersion").asText("");
        ObjectNode result = ws.mapper.createObjectNode();
        result.put("protocolVersion", !ws.knobs.genieProtocolVersion.isEmpty() ? ws.knobs.genieProtocolVersion
                : McpVersions.answer(asked));
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", serverName).put("version", "1.0.0");
        ws.record.call("genie", rc, caller, space, "initialize", 200);
        rc.response().putHeader("Mcp-Session-Id", sessionId);
        SimulatedWorkspace.json(rc, 200, rpc.result(id, result));
    }
}
