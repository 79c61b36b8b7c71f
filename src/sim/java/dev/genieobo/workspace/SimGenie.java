package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The managed Genie MCP server of the simulated workspace
 * ({@code /api/2.0/mcp/genie/{space}}): Streamable HTTP, JSON-RPC over POST,
 * an {@code Mcp-Session-Id} on initialize, tools {@code query_space_<id>} and
 * {@code poll_response_<id>}. {@code tools/call} is answered as SSE (with a
 * progress notification first), everything else as JSON, so every turn
 * exercises both reply forms.
 *
 * <p>How it plays a real workspace (docs/workspace.md, its sources and what is a guess):
 * <ul>
 * <li>With {@code genieAnswerMs} set, a question takes that long (plus up to
 * {@code genieAnswerJitterMs}); polls before then answer the non-terminal statuses
 * in the Conversation API's order, then the terminal one. Without it the first
 * answer is {@code EXECUTING_QUERY} and {@code geniePendingPolls} more polls stay
 * pending (or, with {@code genieImmediate}, the first answer is terminal).</li>
 * <li>{@code genieQuestionsPerMinute} limits new questions across all spaces and
 * users (the free tier's 5 per minute); over it a question is refused in the form
 * {@code genieRateLimitForm} chooses. Polls are not questions.</li>
 * <li>Tokens are verified on every request with a strict expiry, on a clock
 * {@code clockAheadMs} ahead of the function's: an expired token gets 401 at any
 * point of a turn.</li>
 * <li>{@code genieEndlessBody} answers {@code tools/call} with an event stream or a
 * JSON body that never ends.</li>
 * </ul>
 */
final class SimGenie {

    private static final long MAX_ENDLESS_BYTES = 512L << 20;

    private final SimulatedWorkspace ws;
    private final SimMcpServer mcp;
    private final SimRpc rpc;
    private final SimGenieMessages messages;
    private final SimGenieLimit limit;
    private final AtomicInteger toolCallsInFlight = new AtomicInteger();
    private final AtomicInteger maxToolCallsInFlight = new AtomicInteger();

    SimGenie(SimulatedWorkspace ws, SimRpc rpc, SimGenieMessages messages, SimGenieLimit limit) {
        this.ws = ws;
        this.rpc = rpc;
        this.messages = messages;
        this.limit = limit;
        this.mcp = new SimMcpServer(ws, rpc, "databricks-genie-sim");
    }

    /** A {@code GET} resumes a stream that ended early ({@link SimRpc}); there is no other GET stream (405). */
    void get(RoutingContext rc) {
        rpc.get(rc, ws, rc.pathParam("space"));
    }

    void delete(RoutingContext rc) {
        ws.record.arrived(rc);
        ws.later(ws.knobs.genieLatencyMs, () -> mcp.delete(rc, rc.pathParam("space")));
    }

    void post(RoutingContext rc) {
        ws.record.arrived(rc);
        boolean toolCall = rc.body().asString("UTF-8").contains("\"tools/call\"");
        if (toolCall) {
            maxToolCallsInFlight.accumulateAndGet(toolCallsInFlight.incrementAndGet(), Math::max);
        }
        ws.later(ws.knobs.genieLatencyMs, () -> {
            if (toolCall) {
                toolCallsInFlight.decrementAndGet();
            }
            String space = rc.pathParam("space");
            mcp.post(rc, space, space(space));
        });
    }

    /** The most {@code tools/call} requests that were waiting at the same time since the last reset. */
    int maxConcurrentToolCalls() {
        return maxToolCallsInFlight.get();
    }

    /** Sessions opened and not yet ended with DELETE. */
    int openSessions() {
        return mcp.openSessions();
    }

    void resetStats() {
        maxToolCallsInFlight.set(0);
    }

    /** Forgets the questions of the rate-limit window (knobs reset). */
    void resetLimit() {
        limit.reset();
    }

    /** Every question with an answer time: when it was asked and when Genie had its answer. */
    List<Map<String, Object>> messageTimes() {
        return messages.times();
    }

    /** The server of one space: only Sales exists (404 otherwise), for the users its row filters name (403). */
    private SimMcpServer.Genie space(String space) {
        return new SimMcpServer.Genie() {
            @Override
            public SimMcpServer.Refusal refusal(SimulatedWorkspace.Caller caller) {
                if (!SimulatedWorkspace.SALES_SPACE.equals(space)) {
                    return new SimMcpServer.Refusal(404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":"
                            + "\"Genie space " + space.replaceAll("[^A-Za-z0-9]", "") + " does not exist.\"}");
                }
                if (!caller.user() || !SimData.mayUseSpace(caller.principal())) {
                    return new SimMcpServer.Refusal(403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"User "
                            + caller.principal() + " does not have permission to use Genie space " + space + ".\"}");
                }
                return null;
            }

            @Override
            public ObjectNode tools() {
                return SimGenie.this.tools(space);
            }

            @Override
            public void toolCall(RoutingContext rc, SimulatedWorkspace.Caller caller, JsonNode params, JsonNode id) {
                SimGenie.this.toolCall(rc, caller, space, params, id);
            }
        };
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

    /** Answers a {@code tools/call}: a Genie answer, a JSON-RPC error, a refusal for load, or an endless body. */
    private void toolCall(RoutingContext rc, SimulatedWorkspace.Caller caller, String space, JsonNode params,
            JsonNode id) {
        String name = params.path("name").asText("");
        String tool = name.replaceAll("[^A-Za-z0-9_]", "");
        if (!ws.knobs.genieEndlessBody.isEmpty()) {
            ws.record.call("genie", rc, caller, space, "tools/call", 200, tool, null);
            endless(rc, ws.knobs.genieEndlessBody, id);
            return;
        }
        JsonNode args = params.path("arguments");
        if (name.equals("query_space_" + space + ws.knobs.genieToolNameSuffix)) {
            String question = args.path("query").asText("");
            if (question.isBlank()) {
                ws.record.call("genie", rc, caller, space, "tools/call", 200, tool, null);
                rpc.sse(rc, rpc.error(id, -32602, "BAD_REQUEST: query is required"), caller.principal());
                return;
            }
            long waitMs = limit.admit();
            if (waitMs >= 0) {
                limit.refuse(rc, caller, space, tool, id, waitMs);
                return;
            }
            String conversation = args.hasNonNull("conversation_id") ? args.get("conversation_id").asText() : null;
            if (!messages.mayContinue(caller.principal(), conversation)) {
                ws.record.call("genie", rc, caller, space, "tools/call", 200, tool, null);
                rpc.sse(rc, rpc.error(id, -32602, SimGenieMessages.notYours(conversation)), caller.principal());
                return;
            }
            ObjectNode answer = messages.ask(caller.principal(), conversation, question);
            ws.record.call("genie", rc, caller, space, "tools/call", 200, tool, answer.path("status").asText());
            rpc.sse(rc, rpc.result(id, rpc.text(answer)), caller.principal());
            return;
        }
        if (name.equals("poll_response_" + space + ws.knobs.genieToolNameSuffix)) {
            ObjectNode answer = messages.poll(caller.principal(), args.path("conversation_id").asText(""),
                    args.path("message_id").asText(""));
            if (answer == null) {
                ws.record.call("genie", rc, caller, space, "tools/call", 200, tool, null);
                rpc.sse(rc, rpc.error(id, -32602, "BAD_REQUEST: no such message in this conversation"),
                        caller.principal());
                return;
            }
            ws.record.call("genie", rc, caller, space, "tools/call", 200, tool, answer.path("status").asText());
            rpc.sse(rc, rpc.result(id, rpc.text(answer)), caller.principal());
            return;
        }
        ws.record.call("genie", rc, caller, space, "tools/call", 200, tool, null);
        rpc.sse(rc, rpc.error(id, -32602, "BAD_REQUEST: unknown tool " + tool), caller.principal());
    }

    /**
     * A body that never ends, for {@code tools/call}: one SSE event whose data grows
     * without end ({@code sse}), or a JSON-RPC answer whose text does ({@code json}).
     * Written as fast as the client reads, until it hangs up (or 512 MiB).
     */
    private void endless(RoutingContext rc, String form, JsonNode id) {
        boolean sse = "sse".equals(form);
        String head = sse ? "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":"
                + "[{\"type\":\"text\",\"text\":\""
                : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"";
        rc.response().setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", sse ? "text/event-stream" : "application/json");
        SimulatedWorkspace.endless(rc.response(), head, MAX_ENDLESS_BYTES);
    }
}
