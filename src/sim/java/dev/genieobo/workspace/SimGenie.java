package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The managed Genie MCP server of the simulated workspace
 * ({@code /api/2.0/mcp/genie/{space}}): Streamable HTTP, JSON-RPC over POST,
 * an {@code Mcp-Session-Id} on initialize, tools {@code query_space_<id>} and
 * {@code poll_response_<id>}. {@code tools/call} is answered as SSE (with a
 * progress notification first), everything else as JSON, so every turn
 * exercises both reply forms.
 *
 * <p>How it plays a real workspace (reference/databricks-wire.md, sections 1 and 8):
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

    private record Session(String owner) {
    }

    /** A question Genie works on; its status is a function of time (or of polls, without an answer time). */
    private static final class Message {
        final String owner;
        final String conversationId;
        final String messageId;
        final SimData.Answer answer;
        final long askedNanos;
        final long askedEpochMicros;
        /** How long the answer takes; 0: the poll-count behaviour. */
        final long answerNanos;
        int pendingPolls;

        Message(String owner, String conversationId, String messageId, SimData.Answer answer, long answerNanos,
                int pendingPolls) {
            this.owner = owner;
            this.conversationId = conversationId;
            this.messageId = messageId;
            this.answer = answer;
            this.askedNanos = System.nanoTime();
            this.askedEpochMicros = SimulatedWorkspace.epochMicros();
            this.answerNanos = answerNanos;
            this.pendingPolls = pendingPolls;
        }

        /** When Genie has (or will have) its answer, in microseconds since the epoch; 0 without an answer time. */
        long completedEpochMicros() {
            return answerNanos == 0 ? 0 : askedEpochMicros + answerNanos / 1000;
        }
    }

    /**
     * The statuses on the way to an answer, in order (evidence: the Genie Conversation
     * API's status list, reference/databricks-wire.md sections 2 and 8), and the share of
     * the answer time after which each one ends (a guess: asking the AI and running the
     * query take longest).
     */
    static final List<String> PHASES = List.of("FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI",
            "PENDING_WAREHOUSE", "EXECUTING_QUERY");
    private static final double[] PHASE_ENDS = { 0.10, 0.20, 0.60, 0.70, 1.0 };

    private static final int MAX_ENTRIES = 50_000;
    private static final long MAX_ENDLESS_BYTES = 512L << 20;

    private final SimulatedWorkspace ws;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Message> messages = new ConcurrentHashMap<>();
    /** When the questions inside the current rate-limit window were accepted (System.nanoTime()), oldest first. */
    private final ArrayDeque<Long> questions = new ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger toolCallsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxToolCallsInFlight = new java.util.concurrent.atomic.AtomicInteger();

    SimGenie(SimulatedWorkspace ws) {
        this.ws = ws;
    }

    void get(RoutingContext rc) {
        rc.response().setStatusCode(405).putHeader("Allow", "POST, DELETE").end();
    }

    void delete(RoutingContext rc) {
        ws.arrived(rc);
        ws.later(ws.knobs.genieLatencyMs, () -> endSession(rc));
    }

    private void endSession(RoutingContext rc) {
        String space = rc.pathParam("space");
        SimulatedWorkspace.Caller caller = ws.caller(rc);
        if (!caller.user() && !caller.servicePrincipal()) {
            ws.record("genie", rc, caller, space, "DELETE", 401);
            SimulatedWorkspace.json(rc, 401, unauthenticated(caller));
            return;
        }
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
        ws.arrived(rc);
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

    /** Sessions opened and not yet ended with DELETE. */
    int openSessions() {
        return sessions.size();
    }

    void resetStats() {
        maxToolCallsInFlight.set(0);
    }

    /** Forgets the questions of the rate-limit window (knobs reset). */
    void resetLimit() {
        synchronized (questions) {
            questions.clear();
        }
    }

    /** Every question with an answer time: when it was asked and when Genie had its answer. */
    List<Map<String, Object>> messageTimes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message m : messages.values()) {
            if (m.answerNanos > 0) {
                out.add(Map.of("messageId", m.messageId, "askedEpochMicros", m.askedEpochMicros,
                        "completedEpochMicros", m.completedEpochMicros()));
            }
        }
        return out;
    }

    private static String unauthenticated(SimulatedWorkspace.Caller caller) {
        return "expired".equals(caller.type())
                ? "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"The access token has expired.\"}"
                : "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Invalid access token.\"}";
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
            SimulatedWorkspace.json(rc, 401, unauthenticated(caller));
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
        switch (method) {
            case "tools/list" -> {
                ws.record("genie", rc, caller, space, method, 200);
                SimulatedWorkspace.json(rc, 200, rpcResult(id, tools(space)));
            }
            case "tools/call" -> toolCall(rc, caller, space, request.path("params"), id);
            case "ping" -> {
                ws.record("genie", rc, caller, space, method, 200);
                SimulatedWorkspace.json(rc, 200, rpcResult(id, ws.mapper.createObjectNode()));
            }
            default -> {
                ws.record("genie", rc, caller, space, method, 200);
                SimulatedWorkspace.json(rc, 200, rpcError(id, -32601, "Method not found: " + method));
            }
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

    /** Answers a {@code tools/call}: a Genie answer, a JSON-RPC error, a refusal for load, or an endless body. */
    private void toolCall(RoutingContext rc, SimulatedWorkspace.Caller caller, String space, JsonNode params,
            JsonNode id) {
        String name = params.path("name").asText("");
        String tool = name.replaceAll("[^A-Za-z0-9_]", "");
        if (!ws.knobs.genieEndlessBody.isEmpty()) {
            ws.record("genie", rc, caller, space, "tools/call", 200, tool, null);
            endless(rc, ws.knobs.genieEndlessBody, id);
            return;
        }
        JsonNode args = params.path("arguments");
        if (name.equals("query_space_" + space + ws.knobs.genieToolNameSuffix)) {
            String question = args.path("query").asText("");
            if (question.isBlank()) {
                ws.record("genie", rc, caller, space, "tools/call", 200, tool, null);
                sse(rc, rpcError(id, -32602, "BAD_REQUEST: query is required"));
                return;
            }
            long waitMs = admitQuestion();
            if (waitMs >= 0) {
                refuse(rc, caller, space, tool, id, waitMs);
                return;
            }
            String conversation = args.hasNonNull("conversation_id") ? args.get("conversation_id").asText()
                    : UUID.randomUUID().toString().replace("-", "");
            String messageId = UUID.randomUUID().toString().replace("-", "");
            long answerMs = ws.knobs.genieAnswerMs;
            if (answerMs > 0 && ws.knobs.genieAnswerJitterMs > 0) {
                answerMs += ThreadLocalRandom.current().nextLong(ws.knobs.genieAnswerJitterMs + 1);
            }
            Message message = new Message(caller.principal(), conversation, messageId,
                    SimData.answer(caller.principal(), question), answerMs * 1_000_000, ws.knobs.geniePendingPolls);
            if (messages.size() > MAX_ENTRIES) {
                messages.clear();
            }
            messages.put(messageId, message);
            boolean immediate = answerMs == 0 && ws.knobs.genieImmediate;
            ObjectNode answer = immediate ? payload(message) : pendingOrDone(message, false);
            ws.record("genie", rc, caller, space, "tools/call", 200, tool, answer.path("status").asText());
            sse(rc, rpcResult(id, text(answer)));
            return;
        }
        if (name.equals("poll_response_" + space + ws.knobs.genieToolNameSuffix)) {
            Message message = messages.get(args.path("message_id").asText(""));
            if (message == null || !message.owner.equals(caller.principal())
                    || !message.conversationId.equals(args.path("conversation_id").asText(""))) {
                ws.record("genie", rc, caller, space, "tools/call", 200, tool, null);
                sse(rc, rpcError(id, -32602, "BAD_REQUEST: no such message in this conversation"));
                return;
            }
            ObjectNode answer = pendingOrDone(message, true);
            ws.record("genie", rc, caller, space, "tools/call", 200, tool, answer.path("status").asText());
            sse(rc, rpcResult(id, text(answer)));
            return;
        }
        ws.record("genie", rc, caller, space, "tools/call", 200, tool, null);
        sse(rc, rpcError(id, -32602, "BAD_REQUEST: unknown tool " + tool));
    }

    /**
     * Counts a new question against the workspace's limit: -1 when it is accepted,
     * else how long (ms) until the oldest question of the window leaves it.
     */
    private long admitQuestion() {
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
     * Evidence (reference/databricks-wire.md section 8, third-party reports): HTTP 429,
     * here with {@code Retry-After}, and HTTP 400 with {@code RESOURCE_EXHAUSTED}. A guess,
     * by analogy with the managed MCP server's documented {@code BAD_REQUEST: ...}
     * JSON-RPC errors: {@code rpc}, a JSON-RPC error {@code RESOURCE_EXHAUSTED: ...}
     * without a delay, and {@code tool}, a tool result with {@code isError} that says when
     * to retry.
     */
    private void refuse(RoutingContext rc, SimulatedWorkspace.Caller caller, String space, String tool, JsonNode id,
            long waitMs) {
        int limit = ws.knobs.genieQuestionsPerMinute;
        String words = "RESOURCE_EXHAUSTED: the workspace has reached its limit of " + limit
                + " Genie questions per " + (ws.knobs.genieRateWindowMs / 1000.0) + " s";
        long seconds = Math.max(1, (waitMs + 999) / 1000);
        ws.record("genie", rc, caller, space, "tools/call", switch (ws.knobs.genieRateLimitForm) {
            case "http400" -> 400;
            case "rpc", "tool" -> 200;
            default -> 429;
        }, tool, "RESOURCE_EXHAUSTED");
        switch (ws.knobs.genieRateLimitForm) {
            case "http400" -> SimulatedWorkspace.json(rc, 400, ws.mapper.createObjectNode()
                    .put("error_code", "RESOURCE_EXHAUSTED").put("message", words).toString());
            case "rpc" -> sse(rc, rpcError(id, -32000, words));
            case "tool" -> {
                ObjectNode result = ws.mapper.createObjectNode();
                result.putArray("content").addObject().put("type", "text")
                        .put("text", words + ". Retry after " + seconds + " seconds.");
                result.put("isError", true);
                sse(rc, rpcResult(id, result));
            }
            default -> {
                rc.response().putHeader("Retry-After", Long.toString(seconds));
                SimulatedWorkspace.json(rc, 429, ws.mapper.createObjectNode()
                        .put("error_code", "RESOURCE_EXHAUSTED").put("message", words).toString());
            }
        }
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

    /**
     * The status of a message now: with an answer time, the phase its elapsed time is
     * in (or terminal once the time is up); without, {@code EXECUTING_QUERY} while polls
     * are pending (a poll uses one up).
     */
    private ObjectNode pendingOrDone(Message message, boolean poll) {
        if (message.answerNanos > 0) {
            double elapsed = (double) (System.nanoTime() - message.askedNanos) / message.answerNanos;
            for (int i = 0; i < PHASES.size(); i++) {
                if (elapsed < PHASE_ENDS[i]) {
                    return pending(message, PHASES.get(i));
                }
            }
            return payload(message);
        }
        if (!poll) {
            return pending(message, "EXECUTING_QUERY");
        }
        synchronized (message) {
            if (message.pendingPolls > 0) {
                message.pendingPolls--;
                return pending(message, "EXECUTING_QUERY");
            }
        }
        return payload(message);
    }

    private ObjectNode pending(Message message, String status) {
        ObjectNode out = ws.mapper.createObjectNode();
        out.putObject("content").putArray("queryAttachments");
        out.put("conversationId", message.conversationId);
        out.put("messageId", message.messageId);
        out.put("status", status);
        return out;
    }

    /** The terminal Genie answer in the managed MCP format (camelCase outside, snake_case in statement_response). */
    private ObjectNode payload(Message message) {
        SimData.Answer answer = message.answer;
        ObjectNode out = ws.mapper.createObjectNode();
        ObjectNode content = out.putObject("content");
        ArrayNode attachments = content.putArray("queryAttachments");
        if (answer.sql() != null) {
            ObjectNode attachment = attachments.addObject();
            attachment.put("query", answer.sql());
            attachment.put("description", answer.description());
            ObjectNode statement = attachment.putObject("statement_response");
            statement.put("statement_id", "stmt-" + message.messageId);
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
        out.put("conversationId", message.conversationId);
        out.put("messageId", message.messageId);
        out.put("status", answer.status());
        return out;
    }

    private ObjectNode text(ObjectNode genieAnswer) {
        ObjectNode result = ws.mapper.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", genieAnswer.toString());
        result.put("isError", false);
        return result;
    }

    private void sse(RoutingContext rc, String message) {
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
