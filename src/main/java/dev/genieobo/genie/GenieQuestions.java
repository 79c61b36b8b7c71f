package dev.genieobo.genie;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.McpTool;
import dev.genieobo.mcp.ToolResult;
import dev.genieobo.telemetry.Spans;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;

/**
 * Asks one space one question and waits for Genie's answer: the question through
 * this instance's {@link QuestionLimiter} and again after a refusal for load, the
 * contract tool name first and the listed one if the server names its tools
 * otherwise, then polls on the {@link PollSchedule} until a terminal status. Every
 * {@code tools/call} answer is sorted ({@link #invoke}): a Genie answer, a
 * {@link ToolError} the model can reason about, a refusal for load, or the end of
 * the turn ({@link GenieRefusal#endsTurn}).
 */
final class GenieQuestions {

    private final GenieResultParser parser;
    private final GenieConfig config;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final PollSchedule schedule;
    private final QuestionLimiter limiter;

    GenieQuestions(GenieResultParser parser, GenieConfig config, ObjectMapper mapper, Tracer tracer,
            QuestionLimiter limiter) {
        this.parser = parser;
        this.config = config;
        this.mapper = mapper;
        this.tracer = tracer;
        this.schedule = PollSchedule.of(config);
        this.limiter = limiter;
    }

    /**
     * Genie's terminal answer to {@code arguments} (the question), telling
     * {@code statuses} of every change on the way; null when the poll timeout (not the
     * deadline) ran out.
     */
    GenieResult answer(GenieSpaceSession space, ObjectNode arguments, Deadline deadline, GenieStatusListener statuses) {
        Asked asked = ask(space, arguments, deadline);
        GenieResult result = asked.result();
        statuses.status(space.spaceId(), result.status());
        if (!result.terminal()) {
            result = poll(space, result, asked.sentNanos(), deadline, statuses);
        }
        return result;
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
            GenieResult previous = current;
            current = Spans.within(span, () -> {
                try {
                    GenieResult polled = invoke(space, space.pollTool(), arguments, deadline);
                    span.setAttribute("genie_obo.genie.status", polled.status());
                    return polled;
                } catch (Refused refused) {
                    span.setAttribute("genie_obo.genie.status", "RESOURCE_EXHAUSTED");
                    if (refused.limit.retryAfter() != null) {
                        deadline.sleep(refused.limit.retryAfter(), waiting);
                    }
                    return previous; // polls are not questions: simply poll again later
                }
            });
            if (!current.status().equals(previous.status())) {
                statuses.status(space.spaceId(), current.status());
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
    static final class ToolError extends RuntimeException {
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
