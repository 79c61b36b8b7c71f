package dev.genieobo.genie;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.McpTool;
import dev.genieobo.mcp.ToolResult;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;
import io.opentelemetry.api.OpenTelemetry;
import dev.genieobo.upstream.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Genie tools of one request, bound to one user's MCP sessions. The LLM is
 * offered each space's {@code query_space_*} tool; polling with
 * {@code poll_response_*} happens here, hidden from the model, until Genie
 * reaches a terminal status. Failures the model can reason about (FAILED,
 * CANCELLED, QUERY_RESULT_EXPIRED, JSON-RPC errors, bad arguments) come back as
 * a {@link ToolOutcome.Failed}; a lost connection or the deadline ends the turn.
 *
 * <p>Lives for one request; {@link #close()} ends every session.
 */
public final class GenieToolbox implements AutoCloseable {

    private final Map<String, GenieSpaceSession> byTool = new LinkedHashMap<>();
    private final List<String> unavailable;
    private final GenieResultParser parser;
    private final GenieConfig config;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final PollSchedule schedule;
    private final QuestionLimiter limiter;

    GenieToolbox(List<GenieSpaceSession> spaces, List<String> unavailable, GenieResultParser parser,
            GenieConfig config, ObjectMapper mapper) {
        this(spaces, unavailable, parser, config, mapper, OpenTelemetry.noop().getTracer("noop"),
                new QuestionLimiter(0, QuestionLimiter.WINDOW));
    }

    GenieToolbox(List<GenieSpaceSession> spaces, List<String> unavailable, GenieResultParser parser,
            GenieConfig config, ObjectMapper mapper, Tracer tracer, QuestionLimiter limiter) {
        this.tracer = tracer;
        this.schedule = PollSchedule.of(config);
        this.limiter = limiter;
        for (GenieSpaceSession space : spaces) {
            byTool.put(GenieConnector.QUERY_PREFIX + space.spaceId(), space);
        }
        this.unavailable = List.copyOf(unavailable);
        this.parser = parser;
        this.config = config;
        this.mapper = mapper;
    }

    /** Spaces the caller may not use (they answered 401/403). */
    public List<String> unavailableSpaces() {
        return unavailable;
    }

    /**
     * Runs one tool call of the LLM to a terminal Genie status.
     *
     * @param conversationIds Genie conversation to continue, by space id (may be empty)
     */
    public ToolOutcome call(String toolName, String argumentsJson, Map<String, String> conversationIds,
            Deadline deadline) {
        return call(toolName, argumentsJson, conversationIds, deadline, GenieStatusListener.NONE);
    }

    /** The same, telling {@code statuses} of every change of Genie's status as it happens. */
    public ToolOutcome call(String toolName, String argumentsJson, Map<String, String> conversationIds,
            Deadline deadline, GenieStatusListener statuses) {
        Span span = tracer.spanBuilder("execute_tool " + toolName)
                .setAttribute("gen_ai.operation.name", "execute_tool")
                .setAttribute("gen_ai.tool.name", toolName)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ToolOutcome outcome = callInSpan(toolName, argumentsJson, conversationIds, deadline, statuses);
            if (outcome.spaceId() != null) {
                span.setAttribute("genie_obo.space_id", outcome.spaceId());
            }
            if (outcome.result() != null) {
                span.setAttribute("genie_obo.genie.status", outcome.result().status());
            }
            if (outcome.isError()) {
                span.setStatus(StatusCode.ERROR, "tool error");
            }
            return outcome;
        } catch (RuntimeException e) {
            Spans.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    private ToolOutcome callInSpan(String toolName, String argumentsJson, Map<String, String> conversationIds,
            Deadline deadline, GenieStatusListener statuses) {
        GenieSpaceSession space = byTool.get(toolName);
        if (space == null) {
            String denied = toolName == null ? null : unavailable.stream()
                    .filter(id -> toolName.equals(GenieConnector.QUERY_PREFIX + id)).findFirst().orElse(null);
            if (denied != null) {
                return new ToolOutcome.Failed(denied, null, "The user may not use Genie space " + denied
                        + " (Databricks denied access). Do not retry it; tell the user if the question needs it.");
            }
            return new ToolOutcome.Failed(null, null, "Unknown tool '" + toolName + "'. Available tools: "
                    + String.join(", ", byTool.keySet()));
        }
        ObjectNode arguments;
        try {
            JsonNode parsed = mapper.readTree(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
            if (!(parsed instanceof ObjectNode object)) {
                return failed(space, null, "The tool arguments must be a JSON object.");
            }
            arguments = object;
        } catch (JsonProcessingException e) {
            return failed(space, null, "The tool arguments are not valid JSON.");
        }
        if (!arguments.path("query").isTextual() || arguments.path("query").asText().isBlank()) {
            return failed(space, null, "The tool needs a non-empty 'query' string argument.");
        }
        String conversation = conversationIds.get(space.spaceId());
        if (conversation != null && !arguments.hasNonNull("conversation_id")) {
            arguments.put("conversation_id", conversation);
        }
        GenieResult result;
        try {
            Asked asked = ask(space, arguments, deadline);
            result = asked.result();
            statuses.status(space.spaceId(), result.status());
            if (!result.terminal()) {
                result = poll(space, result, asked.sentNanos(), deadline, statuses);
            }
        } catch (ToolError e) {
            return failed(space, null, e.getMessage());
        }
        if (result == null) {
            return failed(space, null, "Genie did not finish within " + config.pollTimeout().toSeconds() + " s.");
        }
        if (!result.completed()) {
            String why = result.texts().isEmpty() ? "" : ": " + String.join(" ", result.texts());
            return failed(space, result, "Genie could not answer (status " + result.status() + ")" + why);
        }
        return new ToolOutcome.Answered(space.spaceId(), result, render(space.spaceId(), result));
    }

    /**
     * Polls until a terminal status, on the {@link PollSchedule} counted from when the
     * question was sent; null when the poll timeout (not the deadline) ran out. A poll
     * refused for load is simply made again later: polls are not questions.
     */
    private GenieResult poll(GenieSpaceSession space, GenieResult first, long asked, Deadline deadline,
            GenieStatusListener statuses) {
        if (space.pollTool() == null) {
            throw new ToolError("Genie space " + space.spaceId() + " offers no poll_response_* tool to wait for its answer.");
        }
        if (first.conversationId() == null || first.messageId() == null) {
            throw new ToolError("Genie's pending answer has no conversation or message id to poll.");
        }
        long pollUntil = asked + config.pollTimeout().toNanos();
        GenieResult current = first;
        String waiting = "waiting for Genie space " + space.spaceId();
        while (!current.terminal()) {
            Duration pause = schedule.next(Duration.ofNanos(System.nanoTime() - asked));
            long left = pollUntil - System.nanoTime();
            if (left <= 0) {
                deadline.check(waiting);
                return null;
            }
            deadline.sleep(pause.toNanos() < left ? pause : Duration.ofNanos(left), waiting);
            if (System.nanoTime() - pollUntil >= 0) {
                deadline.check(waiting);
                return null;
            }
            ObjectNode arguments = mapper.createObjectNode()
                    .put("conversation_id", current.conversationId())
                    .put("message_id", current.messageId());
            Span span = tracer.spanBuilder("genie poll").setAttribute("gen_ai.tool.name", space.pollTool())
                    .setAttribute("genie_obo.space_id", space.spaceId()).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                GenieResult previous = current;
                current = invoke(space, space.pollTool(), arguments, deadline);
                span.setAttribute("genie_obo.genie.status", current.status());
                if (!current.status().equals(previous.status())) {
                    statuses.status(space.spaceId(), current.status());
                }
            } catch (Refused refused) {
                span.setAttribute("genie_obo.genie.status", "RESOURCE_EXHAUSTED");
                if (refused.limit.retryAfter() != null) {
                    deadline.sleep(refused.limit.retryAfter(), waiting);
                }
            } catch (RuntimeException e) {
                Spans.failed(span, e);
                throw e;
            } finally {
                span.end();
            }
        }
        return current;
    }

    /**
     * Sends the question (through this instance's {@link QuestionLimiter}), and sends it
     * again after Genie refuses it for load, after {@code Retry-After} or a backoff with
     * jitter, for as long as the deadline leaves time to wait. When it does not, the
     * turn ends with {@link RateLimitedException} (429 with {@code Retry-After}).
     */
    private Asked ask(GenieSpaceSession space, ObjectNode arguments, Deadline deadline) {
        String what = "the question to Genie space " + space.spaceId();
        for (int attempt = 0;; attempt++) {
            limiter.acquire(deadline, what);
            long sent = System.nanoTime();
            try {
                return new Asked(query(space, arguments, deadline), sent);
            } catch (Refused refused) {
                GenieRefusal.waitToRetry(refused.limit, attempt, config.rateLimitBackoff(), deadline, what);
            }
        }
    }

    /**
     * Calls the space's query tool by its contract name. If the server answers that
     * call with a JSON-RPC error (an unknown tool, for one), its {@code tools/list}
     * is read once and the call repeated under the listed name when that differs.
     */
    private GenieResult query(GenieSpaceSession space, ObjectNode arguments, Deadline deadline) {
        String tool = space.queryTool();
        try {
            return invoke(space, tool, arguments, deadline);
        } catch (ToolError e) {
            if (!e.rpc || space.listed()) {
                throw e;
            }
            relist(space, deadline);
            if (tool.equals(space.queryTool())) {
                throw e;
            }
            return invoke(space, space.queryTool(), arguments, deadline);
        }
    }

    private void relist(GenieSpaceSession space, Deadline deadline) {
        String query = null;
        String poll = null;
        try {
            for (McpTool tool : space.session().listTools(deadline)) {
                if (tool.name().startsWith(GenieConnector.QUERY_PREFIX) && query == null) {
                    query = tool.name();
                } else if (tool.name().startsWith(GenieConnector.POLL_PREFIX) && poll == null) {
                    poll = tool.name();
                }
            }
        } catch (McpException e) {
            space.listed(null, space.pollTool());
            return;
        }
        space.listed(query, poll);
    }

    /**
     * One {@code tools/call}: a Genie answer, or a {@link ToolError} for the model, a
     * {@link Refused} for load, or the turn's end (401, 403, 5xx, a broken reply).
     */
    private GenieResult invoke(GenieSpaceSession space, String tool, ObjectNode arguments, Deadline deadline) {
        ToolResult raw;
        try {
            raw = space.session().callTool(tool, arguments, deadline);
        } catch (McpException.Protocol e) {
            throw new UpstreamException(e.getMessage());
        } catch (McpException e) {
            GenieRefusal.RateLimit limit = GenieRefusal.rateLimit(e);
            if (limit != null) {
                throw new Refused(limit);
            }
            if (e instanceof McpException.Http http) {
                RuntimeException ends = GenieRefusal.endsTurn(space.spaceId(), http);
                if (ends != null) {
                    throw ends;
                }
            }
            throw new ToolError(e.getMessage(), e instanceof McpException.Rpc);
        }
        if (raw.isError()) {
            GenieRefusal.RateLimit limit = GenieRefusal.rateLimit(raw);
            if (limit != null) {
                throw new Refused(limit);
            }
            throw new ToolError("Genie reported an error: " + raw.firstText());
        }
        try {
            return parser.parse(raw.firstText());
        } catch (GenieFormatException e) {
            throw new ToolError(e.getMessage());
        }
    }

    private String render(String spaceId, GenieResult result) {
        ObjectNode out = mapper.createObjectNode();
        out.put("space_id", spaceId);
        out.put("status", result.status());
        out.put("conversation_id", result.conversationId());
        ArrayNode queries = out.putArray("queries");
        int budget = config.maxRowsToLlm();
        for (GenieQuery query : result.queries()) {
            ObjectNode q = queries.addObject();
            q.put("sql", query.sql());
            if (query.description() != null) {
                q.put("description", query.description());
            }
            ArrayNode columns = q.putArray("columns");
            query.columns().forEach(columns::add);
            ArrayNode rows = q.putArray("rows");
            int shown = Math.min(budget, query.rows().size());
            for (List<String> row : query.rows().subList(0, shown)) {
                ArrayNode r = rows.addArray();
                row.forEach(r::add);
            }
            budget -= shown;
            q.put("row_count", query.totalRowCount());
            q.put("truncated", query.truncated() || shown < query.rows().size());
        }
        ArrayNode texts = out.putArray("text");
        result.texts().forEach(texts::add);
        return out.toString();
    }

    private static ToolOutcome.Failed failed(GenieSpaceSession space, GenieResult result, String message) {
        return new ToolOutcome.Failed(space == null ? null : space.spaceId(), result, message);
    }

    /** Ends every MCP session of this request. */
    @Override
    public void close() {
        List<GenieSpaceSession> spaces = new ArrayList<>(byTool.values());
        byTool.clear();
        for (GenieSpaceSession space : spaces) {
            space.session().close();
        }
    }

    /** Genie's first answer to a question, and when the question it accepted was sent (polls are timed from then). */
    private record Asked(GenieResult result, long sentNanos) {
    }

    /** Genie refused a request for load: the question is asked again, or the turn answers 429. */
    private static final class Refused extends RuntimeException {
        final GenieRefusal.RateLimit limit;

        Refused(GenieRefusal.RateLimit limit) {
            super(limit.form(), null, false, false);
            this.limit = limit;
        }
    }

    /** A failure the LLM should hear about as a tool error. */
    private static final class ToolError extends RuntimeException {
        /** The server answered with a JSON-RPC error. */
        final boolean rpc;

        ToolError(String message) {
            this(message, false);
        }

        ToolError(String message, boolean rpc) {
            super(message, null, false, false);
            this.rpc = rpc;
        }
    }
}
