package dev.genieobo.genie;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.upstream.Deadline;
import io.opentelemetry.api.OpenTelemetry;
import dev.genieobo.telemetry.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Genie tools of one request, bound to one user's MCP sessions. The LLM is
 * offered each space's {@code query_space_*} tool, or the workspace Genie's one
 * {@value OfferedTools#WORKSPACE_TOOL}; a call is checked here, asked and
 * polled by {@link GenieQuestions} (polling is hidden from the model), and rendered
 * for the model. Failures the model can reason about (FAILED, CANCELLED,
 * QUERY_RESULT_EXPIRED, JSON-RPC errors, bad arguments) come back as a
 * {@link ToolOutcome.Failed}; a lost connection, a refused token or the deadline ends
 * the turn.
 *
 * <p>Lives for one request; {@link #close()} ends every session.
 */
public final class GenieToolbox implements AutoCloseable {

    private final Map<String, GenieSession> byTool = new LinkedHashMap<>();
    private final List<String> unavailable;
    private final GenieConfig config;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final GenieQuestions questions;

    GenieToolbox(List<? extends GenieSession> spaces, List<String> unavailable, GenieResultParser parser,
            GenieConfig config, ObjectMapper mapper) {
        this(spaces, unavailable, parser, config, mapper, OpenTelemetry.noop().getTracer("noop"),
                new QuestionLimiter(0, QuestionLimiter.WINDOW));
    }

    GenieToolbox(List<? extends GenieSession> spaces, List<String> unavailable, GenieResultParser parser,
            GenieConfig config, ObjectMapper mapper, Tracer tracer, QuestionLimiter limiter) {
        this.tracer = tracer;
        this.questions = new GenieQuestions(parser, config, tracer, limiter);
        for (GenieSession space : spaces) {
            byTool.put(OfferedTools.toolName(space.key()), space);
        }
        this.unavailable = List.copyOf(unavailable);
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
     * @param conversationIds Genie conversation to continue, by space id (or {@value GenieConnector#WORKSPACE}; may be empty)
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
        return Spans.within(span, () -> {
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
        });
    }

    private ToolOutcome callInSpan(String toolName, String argumentsJson, Map<String, String> conversationIds,
            Deadline deadline, GenieStatusListener statuses) {
        GenieSession space = byTool.get(toolName);
        if (space == null) {
            String denied = toolName == null ? null : unavailable.stream()
                    .filter(id -> toolName.equals(OfferedTools.toolName(id))).findFirst().orElse(null);
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
        String conversation = conversationIds.get(space.key());
        if (conversation != null && !arguments.hasNonNull("conversation_id")) {
            arguments.put("conversation_id", conversation);
        }
        GenieResult result;
        try {
            result = questions.answer(space, arguments, deadline, statuses);
        } catch (GenieCalls.ToolError e) {
            return failed(space, null, e.getMessage());
        }
        if (result == null) {
            return failed(space, null, "Genie did not finish within " + config.pollTimeout().toSeconds() + " s."
                    + (space.cancelTool() != null ? " The answer was cancelled." : ""));
        }
        if (!result.completed()) {
            String why = result.texts().isEmpty() ? "" : ": " + String.join(" ", result.texts());
            return failed(space, result, "Genie could not answer (status " + result.status() + ")" + why);
        }
        return new ToolOutcome.Answered(space.key(), result, render(space.key(), result));
    }

    private String render(String key, GenieResult result) {
        ObjectNode out = mapper.createObjectNode();
        out.put("space_id", result.spaceId() != null ? result.spaceId() : key);
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

    private static ToolOutcome.Failed failed(GenieSession space, GenieResult result, String message) {
        return new ToolOutcome.Failed(space == null ? null : space.key(), result, message);
    }

    /** Ends every MCP session of this request. */
    @Override
    public void close() {
        List<GenieSession> spaces = new ArrayList<>(byTool.values());
        byTool.clear();
        for (GenieSession space : spaces) {
            space.session().close();
        }
    }
}
