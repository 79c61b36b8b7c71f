package dev.genieobo.agent;

import dev.genieobo.genie.GenieConnector;
import dev.genieobo.genie.GenieResult;
import dev.genieobo.genie.GenieToolbox;
import dev.genieobo.genie.ToolOutcome;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.llm.LlmClient;
import dev.genieobo.llm.LlmConfig;
import dev.genieobo.llm.LlmMessage;
import dev.genieobo.llm.LlmReply;
import dev.genieobo.llm.LlmTool;
import dev.genieobo.llm.LlmToolCall;
import dev.genieobo.llm.Usage;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.Workers;
import dev.genieobo.upstream.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One bounded tool-calling loop: at most {@code max-iterations} LLM calls (as
 * the system identity), running the tool calls of each reply concurrently (as
 * the user), all inside one deadline.
 *
 * <p>The critical path of a one-tool turn is the work itself: LLM, Genie query,
 * LLM. The first LLM call is offered the Genie tools known from configuration
 * and starts at once, while the caller's Genie sessions open beside it; the
 * sessions close beside the LLM call that reads the tool results.
 *
 * <p>The user's credential is a parameter, never a field; the Genie sessions
 * opened with it are closed before the turn ends, on every path.
 */
@ApplicationScoped
public class AgentLoop {

    private final GenieConnector genie;
    private final LlmClient llm;
    private final LlmConfig llmConfig;
    private final AgentConfig config;
    private final Workers workers;
    private final Tracer tracer;
    private static final Logger LOG = Logger.getLogger(AgentLoop.class);
    private static final List<String> TRACE_FIELDS = List.of("traceId", "spanId", "sampled");
    private static final List<String> TURN_FIELDS = List.of("turn.request_id", "turn.caller", "turn.llm_ms",
            "turn.genie_ms", "turn.outcome", "turn.duration_ms", "turn.llm_calls",
            "turn.tool_calls", "turn.finish_reason", "turn.tokens.prompt", "turn.tokens.completion",
            "turn.spaces", "turn.unavailable_spaces", "turn.error");

    public AgentLoop(GenieConnector genie, LlmClient llm, LlmConfig llmConfig, AgentConfig config, Workers workers,
            Tracer tracer) {
        this.tracer = tracer;
        this.genie = genie;
        this.llm = llm;
        this.llmConfig = llmConfig;
        this.config = config;
        this.workers = workers;
    }

    /**
     * A new turn's deadline, {@code genie-obo.agent.timeout} from now: made when the
     * request arrives, so that verifying the caller counts against it too.
     */
    public Deadline deadline() {
        return Deadline.after(config.timeout());
    }

    /** Opens the turn and runs it; the Genie sessions are closed before this returns. */
    public TurnResult run(AgentTurn turn, UserCredential credential, Deadline deadline, TurnListener listener) {
        try (OpenTurn open = open(turn, credential, deadline, listener.streaming())) {
            return open.run(listener);
        }
    }

    /**
     * Starts a turn: its deadline, the caller's Genie sessions and, beside them, the
     * first LLM call. Returns once the sessions are open, so a turn fails here
     * (before any answer is written, and with the first LLM call abandoned) when no
     * space is usable or Genie is unreachable: a streaming caller still gets a
     * proper status.
     *
     * @param streaming whether the LLM should stream its text (to a listener given to {@link OpenTurn#run})
     */
    public OpenTurn open(AgentTurn turn, UserCredential credential, Deadline deadline, boolean streaming) {
        long started = System.nanoTime();
        Span span = tracer.spanBuilder("invoke_agent genie-obo")
                .setAttribute("gen_ai.operation.name", "invoke_agent")
                .setAttribute(io.opentelemetry.api.common.AttributeKey.longKey("genie_obo.spaces.requested"),
                        (long) turn.spaceIds().size())
                .startSpan();
        TurnIds ids = new TurnIds(turn.requestId(), credential.callerId());
        Timings timings = new Timings();
        Sessions sessions = new Sessions(credential, turn.spaceIds(), deadline, timings);
        Future<LlmReply> first = null;
        try (Scope ignored = span.makeCurrent()) {
            sessions.start();
            List<LlmTool> tools = genie.tools(turn.spaceIds()).stream()
                    .map(tool -> new LlmTool(tool.name(), tool.description(), tool.inputSchema()))
                    .toList();
            List<LlmMessage> conversation = new ArrayList<>();
            conversation.add(LlmMessage.system(llmConfig.systemPrompt()));
            turn.history().forEach(message -> conversation.add(toLlm(message)));
            List<LlmMessage> firstRequest = List.copyOf(conversation);
            String firstId = TurnMessage.newId();
            TurnRelay relay = streaming ? new TurnRelay() : null; // its text may come before the stream is open
            first = workers.submit(() -> complete(firstRequest, tools, deadline, timings,
                    relay == null ? null : text -> relay.textDelta(firstId, text)));
            sessions.await();
            return new OpenTurn(turn, sessions, deadline, span, started, ids, timings, conversation, tools,
                    new FirstCall(first, firstId, relay));
        } catch (RuntimeException e) {
            if (first != null) {
                first.cancel(true); // the caller may not use any space, or Genie failed: abandon the LLM call
            }
            try (Scope ignored = span.makeCurrent()) {
                sessions.close();
            } finally {
                finishTurn(span, started, ids, timings, null, e);
            }
            throw e;
        }
    }

    /** One LLM call; with {@code onText}, streamed (each piece of its text goes there as it arrives). */
    private LlmReply complete(List<LlmMessage> conversation, List<LlmTool> tools, Deadline deadline,
            Timings timings, java.util.function.Consumer<String> onText) {
        long llmStarted = System.nanoTime();
        try {
            return onText == null ? llm.complete(conversation, tools, deadline)
                    : llm.stream(conversation, tools, deadline, onText);
        } finally {
            timings.llm.addAndGet(System.nanoTime() - llmStarted);
        }
    }

    /** What one turn waited for, per upstream (nanoseconds; tool calls may overlap). */
    static final class Timings {
        final java.util.concurrent.atomic.AtomicLong llm = new java.util.concurrent.atomic.AtomicLong();
        /** Opening the sessions (beside the first LLM call) and running tool calls. */
        final java.util.concurrent.atomic.AtomicLong genie = new java.util.concurrent.atomic.AtomicLong();
    }

    /** What identifies a turn in its log line: the request id and the caller's non-reversible id. */
    private record TurnIds(String requestId, String callerId) {
    }

    /** Ends the turn's span and writes the turn's one log line (structured fields in the MDC). */
    private static void finishTurn(Span span, long started, TurnIds ids, Timings timings, TurnResult result,
            RuntimeException failure) {
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
            MDC.put("turn.request_id", ids.requestId());
            MDC.put("turn.caller", ids.callerId());
            MDC.put("turn.outcome", failure == null ? "ok" : "error");
            MDC.put("turn.duration_ms", Long.toString(millis));
            MDC.put("turn.llm_ms", Long.toString(timings.llm.get() / 1_000_000));
            MDC.put("turn.genie_ms", Long.toString(timings.genie.get() / 1_000_000));
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
            LOG.infof("turn %s in %d ms", failure == null ? "answered" : "failed", millis);
        } finally {
            TURN_FIELDS.forEach(MDC::remove);
            if (traceAdded) {
                TRACE_FIELDS.forEach(MDC::remove);
            }
            span.end();
        }
    }

    /**
     * The turn's Genie sessions. They open beside the first LLM call; after tool
     * results the next LLM call is usually the last, so they are closed beside it
     * (their DELETE is off the critical path); if that call asks for tools after
     * all, they are opened again. {@link #close()} waits for any opening or
     * closing, so no credential outlives the turn.
     */
    final class Sessions implements AutoCloseable {
        private final UserCredential credential;
        private final List<String> spaceIds;
        private final Deadline deadline;
        private final Timings timings;
        private Future<GenieToolbox> opening;
        private GenieToolbox toolbox;
        private Future<Void> closing;

        Sessions(UserCredential credential, List<String> spaceIds, Deadline deadline, Timings timings) {
            this.credential = credential;
            this.spaceIds = spaceIds;
            this.deadline = deadline;
            this.timings = timings;
        }

        /** Starts opening the sessions while the caller goes on (with an LLM call). */
        void start() {
            long started = System.nanoTime();
            opening = workers.submit(() -> {
                try {
                    return genie.open(credential, spaceIds, deadline);
                } finally {
                    timings.genie.addAndGet(System.nanoTime() - started);
                }
            });
        }

        /** The open toolbox: waits for the opening, or opens again if the sessions were closed. */
        GenieToolbox await() {
            if (toolbox == null) {
                if (opening == null) {
                    awaitClosed();
                    start();
                }
                Future<GenieToolbox> pending = opening;
                opening = null;
                toolbox = result(pending, "opening Genie spaces");
            }
            return toolbox;
        }

        /** Starts closing the sessions while the caller goes on (with an LLM call). */
        void closeInBackground() {
            if (toolbox != null) {
                GenieToolbox closingBox = toolbox;
                toolbox = null;
                closing = workers.submit(() -> {
                    closingBox.close();
                    return null;
                });
            }
        }

        private void awaitClosed() {
            if (closing != null) {
                try {
                    closing.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException ignored) {
                    // closing is best effort; the sessions forgot the credential either way
                }
                closing = null;
            }
        }

        @Override
        public void close() {
            if (opening != null) { // the turn failed while they opened: wait, then close what opened
                Future<GenieToolbox> pending = opening;
                opening = null;
                try {
                    toolbox = pending.get();
                } catch (ExecutionException failedToOpen) {
                    // GenieConnector closed whatever it had opened
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    try {
                        toolbox = pending.get(); // the opening ends by itself within the deadline
                    } catch (InterruptedException | ExecutionException ignored) {
                        // nothing opened, or the thread is being torn down
                    }
                }
            }
            if (toolbox != null) {
                toolbox.close();
                toolbox = null;
            }
            awaitClosed();
        }
    }

    /** The value of a turn's own background task; its failure is rethrown as it was. */
    private static <T> T result(Future<T> task, String what) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UpstreamException(what + " failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException(what);
        }
    }

    /** The turn's first LLM call, started with the sessions: its reply, its message id, and where its text waits. */
    private record FirstCall(Future<LlmReply> reply, String messageId, TurnRelay relay) {
    }

    /** A turn whose Genie sessions are open; run it once, then close it. */
    public final class OpenTurn implements AutoCloseable {
        private final AgentTurn turn;
        private final Sessions toolbox;
        private final Deadline deadline;
        private final Span span;
        private final long started;
        private final TurnIds ids;
        private final Timings timings;
        private final List<LlmMessage> conversation;
        private final List<LlmTool> tools;
        private final FirstCall first;
        private TurnResult result;
        private RuntimeException failure;

        private OpenTurn(AgentTurn turn, Sessions toolbox, Deadline deadline, Span span, long started, TurnIds ids,
                Timings timings, List<LlmMessage> conversation, List<LlmTool> tools, FirstCall first) {
            this.conversation = conversation;
            this.tools = tools;
            this.first = first;
            this.ids = ids;
            this.timings = timings;
            this.turn = turn;
            this.toolbox = toolbox;
            this.deadline = deadline;
            this.span = span;
            this.started = started;
        }

        public TurnResult run(TurnListener listener) {
            try (Scope ignored = span.makeCurrent()) {
                if (first.relay() != null) {
                    first.relay().attach(listener);
                }
                result = loop(turn, toolbox, deadline, listener, timings, conversation, tools, first);
                return result;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            try (Scope ignored = span.makeCurrent()) {
                first.reply().cancel(true); // only if the turn ended without reading it
                toolbox.close();
            } finally {
                finishTurn(span, started, ids, timings, result, result == null && failure == null
                        ? new IllegalStateException("not run") : failure);
            }
        }
    }

    private TurnResult loop(AgentTurn turn, Sessions sessions, Deadline deadline, TurnListener listener,
            Timings timings, List<LlmMessage> conversation, List<LlmTool> tools, FirstCall first) {
        List<String> unavailable = sessions.await().unavailableSpaces();
        List<TurnMessage> produced = new ArrayList<>();
        Map<String, SpaceOutput> spaces = new LinkedHashMap<>();
        Usage usage = Usage.ZERO;
        for (int call = 1; call <= config.maxIterations(); call++) {
            if (call > 1) {
                sessions.closeInBackground(); // this call reads tool results: most likely the last one
            }
            String messageId = call == 1 ? first.messageId() : TurnMessage.newId();
            LlmReply reply = call == 1 ? result(first.reply(), "the first LLM call")
                    : complete(conversation, tools, deadline, timings,
                            listener.streaming() ? text -> listener.textDelta(messageId, text) : null);
            usage = usage.plus(reply.usage());
            if (!reply.wantsTools()) {
                emit(TurnMessage.assistant(messageId, reply.content(), List.of()), produced, listener);
                return new TurnResult(produced, reply.finishReason(), usage, spaces, unavailable);
            }
            if (call == config.maxIterations()) {
                break; // no LLM call left to read the tool results
            }
            emit(TurnMessage.assistant(messageId, reply.content(), reply.toolCalls()), produced, listener);
            conversation.add(LlmMessage.assistant(reply.content(), reply.toolCalls()));
            List<String> toolMessageIds = reply.toolCalls().stream().map(c -> TurnMessage.newId()).toList();
            long toolsStarted = System.nanoTime();
            List<ToolOutcome> outcomes;
            try {
                outcomes = runTools(reply.toolCalls(), toolMessageIds, sessions.await(), turn.conversationIds(),
                        deadline, listener);
            } finally {
                timings.genie.addAndGet(System.nanoTime() - toolsStarted);
            }
            for (int i = 0; i < outcomes.size(); i++) {
                LlmToolCall toolCall = reply.toolCalls().get(i);
                ToolOutcome outcome = outcomes.get(i);
                String text = outcome.isError() ? "Error: " + outcome.textForLlm() : outcome.textForLlm();
                emit(TurnMessage.tool(toolMessageIds.get(i), toolCall.id(), toolCall.name(), text), produced, listener);
                conversation.add(LlmMessage.tool(toolCall.id(), toolCall.name(), text));
                GenieResult result = outcome.result();
                if (outcome.spaceId() != null && result != null) {
                    spaces.put(outcome.spaceId(), new SpaceOutput(result.conversationId(), result.messageId(),
                            result.status(), result.sql()));
                }
            }
        }
        emit(TurnMessage.assistant("I could not finish the answer within " + config.maxIterations()
                + " model calls. Try a narrower question.", List.of()), produced, listener);
        return new TurnResult(produced, "max_iterations", usage, spaces, unavailable);
    }

    /**
     * Runs the tool calls of one reply concurrently; results in call order. Genie's
     * statuses go to the listener under the id each call's tool message will have.
     */
    private List<ToolOutcome> runTools(List<LlmToolCall> calls, List<String> messageIds, GenieToolbox toolbox,
            Map<String, String> conversationIds, Deadline deadline, TurnListener listener) {
        if (calls.size() == 1) {
            return List.of(runTool(calls.get(0), messageIds.get(0), toolbox, conversationIds, deadline, listener));
        }
        List<Future<ToolOutcome>> pending = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            LlmToolCall call = calls.get(i);
            String messageId = messageIds.get(i);
            pending.add(workers.submit(() -> runTool(call, messageId, toolbox, conversationIds, deadline, listener)));
        }
        List<ToolOutcome> outcomes = new ArrayList<>();
        try {
            for (Future<ToolOutcome> future : pending) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UpstreamException("a tool call failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException("running tool calls");
        }
    }

    private static ToolOutcome runTool(LlmToolCall call, String messageId, GenieToolbox toolbox,
            Map<String, String> conversationIds, Deadline deadline, TurnListener listener) {
        return toolbox.call(call.name(), call.arguments(), conversationIds, deadline,
                (spaceId, status) -> listener.genieStatus(messageId, call, spaceId, status));
    }

    private static void emit(TurnMessage message, List<TurnMessage> produced, TurnListener listener) {
        produced.add(message);
        listener.message(message);
    }

    private static LlmMessage toLlm(TurnMessage message) {
        return new LlmMessage(message.role(), message.content(), message.toolCalls(), message.toolCallId(),
                message.name());
    }
}
