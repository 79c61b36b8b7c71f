package dev.genieobo.genie;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.ToolResult;
import dev.genieobo.telemetry.Spans;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.RetryPolicy;
import dev.genieobo.upstream.TurnCancelledException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Asks one Genie ({@link GenieSession}: a space, or the workspace's Genie) one question
 * and waits for its answer: the question through this instance's {@link QuestionLimiter}
 * and again after a refusal for load, the known tool name first and the listed one if
 * the server names its tools otherwise, then polls on the {@link PollSchedule} until a
 * terminal status, and cancels an answer the turn stopped waiting for. Every
 * {@code tools/call} answer is sorted by {@link GenieCalls}: a Genie answer, a
 * {@link GenieCalls.ToolError} the model can reason about, a refusal for load, or the
 * end of the turn ({@link GenieRefusal#endsTurn}).
 */
final class GenieQuestions {

    private static final Logger LOG = Logger.getLogger(GenieQuestions.class);

    private final GenieCalls calls;
    private final GenieConfig config;
    private final Tracer tracer;
    private final PollSchedule schedule;
    private final QuestionLimiter limiter;
    private final RetryPolicy retry;

    GenieQuestions(GenieResultParser parser, GenieConfig config, Tracer tracer, QuestionLimiter limiter) {
        this.calls = new GenieCalls(parser);
        this.config = config;
        this.tracer = tracer;
        this.schedule = PollSchedule.of(config);
        this.limiter = limiter;
        this.retry = GenieRefusal.retryPolicy(config.rateLimitBackoff());
    }

    /**
     * Genie's terminal answer to {@code arguments} (the question), made whole, telling
     * {@code statuses} of every change on the way; null when the poll timeout (not the
     * deadline) ran out. An answer still pending when the turn stops waiting (its
     * deadline, a hang-up, a cancellation, the poll timeout) is cancelled where the
     * server can cancel.
     */
    GenieResult answer(GenieSession genie, ObjectNode arguments, Deadline deadline, GenieStatusListener statuses) {
        Asked asked = ask(genie, genie.askArguments(arguments), deadline);
        GenieResult result = asked.result();
        statuses.status(genie.key(), result.status());
        if (!result.terminal()) {
            result = poll(genie, result, asked.sentNanos(), deadline, statuses);
        }
        return result == null ? null : complete(genie, result, deadline);
    }

    /**
     * Polls until a terminal status, on the {@link PollSchedule} counted from when the
     * question was sent; null when the poll timeout (not the deadline) ran out. A poll
     * refused for load is simply made again later: polls are not questions. When the
     * turn stops waiting, the pending answer is cancelled inside the close grace.
     */
    private GenieResult poll(GenieSession genie, GenieResult first, long asked, Deadline deadline,
            GenieStatusListener statuses) {
        if (genie.pollTool() == null) {
            throw new GenieCalls.ToolError(label(genie) + " offers no poll tool to wait for its answer.");
        }
        if (first.conversationId() == null || first.messageId() == null) {
            throw new GenieCalls.ToolError("Genie's pending answer has no conversation or message id to poll.");
        }
        GenieResult[] last = { first };
        try {
            GenieResult done = pollUntilTerminal(genie, last, asked, deadline, statuses);
            if (done == null) {
                cancel(genie, last[0], deadline.closing()); // the poll timeout: nobody waits for it any more
            }
            return done;
        } catch (TurnCancelledException | DeadlineExceededException stopped) {
            boolean interrupted = Thread.interrupted(); // a cancelled fan-out interrupts: cancel first, then keep it
            try {
                cancel(genie, last[0], deadline.closing());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw stopped;
        }
    }

    private GenieResult pollUntilTerminal(GenieSession genie, GenieResult[] last, long asked, Deadline deadline,
            GenieStatusListener statuses) {
        long pollUntil = asked + config.pollTimeout().toNanos();
        String waiting = "waiting for " + label(genie);
        while (!last[0].terminal()) {
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
            ObjectNode arguments = genie.answerArguments(last[0]);
            Span span = tracer.spanBuilder("genie poll").setAttribute("gen_ai.tool.name", genie.pollTool())
                    .setAttribute("genie_obo.space_id", genie.key()).startSpan();
            GenieResult previous = last[0];
            last[0] = Spans.within(span, () -> {
                try {
                    GenieResult polled = calls.invoke(genie, genie.pollTool(), arguments, deadline);
                    span.setAttribute("genie_obo.genie.status", polled.status());
                    return polled.withIdsOf(previous);
                } catch (GenieCalls.Refused refused) {
                    span.setAttribute("genie_obo.genie.status", "RESOURCE_EXHAUSTED");
                    if (refused.limit.retryAfter() != null) {
                        deadline.sleep(refused.limit.retryAfter(), waiting);
                    }
                    return previous; // polls are not questions: simply poll again later
                }
            });
            if (!last[0].status().equals(previous.status())) {
                statuses.status(genie.key(), last[0].status());
            }
        }
        return last[0];
    }

    /**
     * Sends the question (through this instance's {@link QuestionLimiter}), and sends it
     * again after Genie refuses it for load, after {@code Retry-After} or a backoff with
     * jitter, for as long as the deadline leaves time to wait. When it does not, the
     * turn ends with {@link RateLimitedException} (429 with {@code Retry-After}).
     */
    private Asked ask(GenieSession genie, ObjectNode arguments, Deadline deadline) {
        String what = "the question to " + label(genie);
        for (int attempt = 0;; attempt++) {
            limiter.acquire(deadline, what);
            long sent = System.nanoTime();
            try {
                return new Asked(query(genie, arguments, deadline), sent);
            } catch (GenieCalls.Refused refused) {
                GenieRefusal.waitToRetry(refused.limit, attempt, retry, deadline, what);
            }
        }
    }

    /**
     * Calls the ask tool by the name it is known by. If the server answers that call
     * with a JSON-RPC error (an unknown tool, for one), its tool names are read again
     * once and the call repeated under the listed name when that differs.
     */
    private GenieResult query(GenieSession genie, ObjectNode arguments, Deadline deadline) {
        try {
            return calls.invoke(genie, genie.askTool(), arguments, deadline);
        } catch (GenieCalls.ToolError e) {
            if (!e.rpc || !genie.relist(deadline)) {
                throw e;
            }
            return calls.invoke(genie, genie.askTool(), arguments, deadline);
        }
    }

    /**
     * A finished answer with its rows, where the server hands them out separately: the
     * first query that came without columns is filled from the result tool. A result
     * the server cannot give is a {@link GenieCalls.ToolError}, not an answer without rows.
     */
    private GenieResult complete(GenieSession genie, GenieResult answer, Deadline deadline) {
        if (genie.resultTool() == null || !answer.completed()) {
            return answer;
        }
        List<GenieQuery> queries = new ArrayList<>(answer.queries());
        for (int i = 0; i < queries.size(); i++) {
            GenieQuery query = queries.get(i);
            if (query.columns().isEmpty()) {
                Span span = tracer.spanBuilder("genie query result").setAttribute("gen_ai.tool.name", genie.resultTool())
                        .setAttribute("genie_obo.space_id", genie.key()).startSpan();
                ToolResult raw = Spans.within(span, () -> calls.call(genie, genie.resultTool(),
                        genie.answerArguments(answer), deadline));
                queries.set(i, calls.statement(raw, query));
                return answer.withQueries(queries); // one query result per answer
            }
        }
        return answer;
    }

    /**
     * Asks the server to stop working on an answer nobody waits for, as the caller, inside
     * {@code closing}; best effort: a failure is only logged (the session's end follows).
     */
    private void cancel(GenieSession genie, GenieResult pending, Deadline closing) {
        if (genie.cancelTool() == null || pending.terminal() || pending.messageId() == null) {
            return;
        }
        Span span = tracer.spanBuilder("genie cancel").setAttribute("gen_ai.tool.name", genie.cancelTool())
                .setAttribute("genie_obo.space_id", genie.key()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            genie.session().callTool(genie.cancelTool(), genie.answerArguments(pending), closing);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            LOG.debugf("cancelling a Genie answer nobody waits for failed: %s", e.getClass().getSimpleName());
        } finally {
            span.end();
        }
    }

    private static String label(GenieSession genie) {
        return GenieConnector.label(genie.key());
    }

    /** Genie's first answer to a question, and when the question it accepted was sent (polls are timed from then). */
    private record Asked(GenieResult result, long sentNanos) {
    }
}
