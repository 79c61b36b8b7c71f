package dev.genieobo.agent;

import dev.genieobo.telemetry.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What a turn tells the operator: its span ({@code invoke_agent genie-obo}), the time
 * it waited for the LLM and for Genie, and its one log line with the caller's
 * non-reversible id, the spaces, tokens and outcome (structured fields in the MDC).
 * Nothing of the caller but that id.
 */
final class TurnTelemetry {

    private static final Logger LOG = Logger.getLogger(AgentLoop.class);
    private static final List<String> TRACE_FIELDS = List.of("traceId", "spanId", "sampled");
    private static final List<String> TURN_FIELDS = List.of("turn.request_id", "turn.caller", "turn.llm_ms",
            "turn.genie_ms", "turn.outcome", "turn.duration_ms", "turn.llm_calls",
            "turn.tool_calls", "turn.finish_reason", "turn.tokens.prompt", "turn.tokens.completion",
            "turn.spaces", "turn.unavailable_spaces", "turn.error");

    private final Span span;
    private final long started = System.nanoTime();
    private final String requestId;
    private final String callerId;
    /** Nanoseconds waited for the LLM (calls may overlap the Genie time). */
    private final AtomicLong llm = new AtomicLong();
    /** Nanoseconds spent opening the Genie sessions (beside the first LLM call) and running tool calls. */
    private final AtomicLong genie = new AtomicLong();

    private TurnTelemetry(Span span, String requestId, String callerId) {
        this.span = span;
        this.requestId = requestId;
        this.callerId = callerId;
    }

    static TurnTelemetry start(Tracer tracer, AgentTurn turn, String callerId) {
        Span span = tracer.spanBuilder("invoke_agent genie-obo")
                .setAttribute("gen_ai.operation.name", "invoke_agent")
                .setAttribute(AttributeKey.longKey("genie_obo.spaces.requested"), (long) turn.spaceIds().size())
                .startSpan();
        return new TurnTelemetry(span, turn.requestId(), callerId);
    }

    /** Makes the turn's span current (for the spans of its LLM and tool calls). */
    Scope makeCurrent() {
        return span.makeCurrent();
    }

    void llmWaited(long nanos) {
        llm.addAndGet(nanos);
    }

    void genieWaited(long nanos) {
        genie.addAndGet(nanos);
    }

    /** Ends the span and writes the turn's log line: answered ({@code result}) or failed ({@code failure}). */
    void finish(TurnResult result, RuntimeException failure) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        boolean traceAdded = false;
        try (Scope ignored = span.makeCurrent()) { // so the line carries this turn's traceId/spanId
            if (span.getSpanContext().isValid() && MDC.get("traceId") == null) {
                traceAdded = true;
                // on a thread without a Vert.x context, Quarkus does not put the trace into the MDC
                MDC.put("traceId", span.getSpanContext().getTraceId());
                MDC.put("spanId", span.getSpanContext().getSpanId());
                MDC.put("sampled", Boolean.toString(span.getSpanContext().isSampled()));
            }
            MDC.put("turn.request_id", requestId);
            MDC.put("turn.caller", callerId);
            MDC.put("turn.outcome", failure == null ? "ok" : "error");
            MDC.put("turn.duration_ms", Long.toString(millis));
            MDC.put("turn.llm_ms", Long.toString(llm.get() / 1_000_000));
            MDC.put("turn.genie_ms", Long.toString(genie.get() / 1_000_000));
            if (result != null) {
                long llmCalls = result.messages().stream().filter(m -> "assistant".equals(m.role())).count();
                long toolCalls = result.messages().stream().filter(m -> "tool".equals(m.role())).count();
                MDC.put("turn.llm_calls", Long.toString(llmCalls));
                MDC.put("turn.tool_calls", Long.toString(toolCalls));
                MDC.put("turn.finish_reason", result.finishReason());
                MDC.put("turn.tokens.prompt", Long.toString(result.usage().promptTokens()));
                MDC.put("turn.tokens.completion", Long.toString(result.usage().completionTokens()));
                MDC.put("turn.spaces", String.join(",", result.spaces().keySet()));
                MDC.put("turn.unavailable_spaces", String.join(",", result.unavailableSpaces()));
                span.setAttribute("gen_ai.usage.input_tokens", result.usage().promptTokens());
                span.setAttribute("gen_ai.usage.output_tokens", result.usage().completionTokens());
            } else {
                MDC.put("turn.error", failure.getClass().getSimpleName());
                Spans.failed(span, failure);
            }
            // %s, not %d: a localized number makes the JDK load the locale's number symbols on first
            // use, which a native executable decompresses from its image (about 5 ms of the first turn)
            LOG.infof("turn %s in %s ms", failure == null ? "answered" : "failed", Long.toString(millis));
        } finally {
            TURN_FIELDS.forEach(MDC::remove);
            if (traceAdded) {
                TRACE_FIELDS.forEach(MDC::remove);
            }
            span.end();
        }
    }
}
