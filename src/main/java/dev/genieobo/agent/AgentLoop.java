package dev.genieobo.agent;

import dev.genieobo.genie.GenieConnector;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.llm.LlmClient;
import dev.genieobo.llm.LlmConfig;
import dev.genieobo.llm.LlmMessage;
import dev.genieobo.llm.LlmReply;
import dev.genieobo.llm.LlmTool;
import dev.genieobo.runtime.Workers;
import dev.genieobo.upstream.Deadline;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Where agent turns start: one bounded tool-calling loop per question, LLM calls as
 * the system identity, Genie as the caller, all inside one deadline.
 *
 * <p>The critical path of a one-tool turn is the work itself: LLM, Genie query, LLM.
 * The first LLM call is offered the Genie tools known from configuration and starts
 * at once, while the caller's Genie sessions open beside it ({@link TurnToolbox}); the
 * loop itself is {@link TurnLoop}, its tool calls {@link ToolFanOut}, its span and log
 * line {@link TurnTelemetry}.
 *
 * <p>The user's credential is a parameter, never a field of this bean; the Genie
 * sessions opened with it are closed before the turn ends, on every path.
 */
@ApplicationScoped
public class AgentLoop {

    private final GenieConnector genie;
    private final LlmBridge llm;
    private final LlmConfig llmConfig;
    private final AgentConfig config;
    private final Workers workers;
    private final ToolFanOut fanOut;
    private final Tracer tracer;

    public AgentLoop(GenieConnector genie, LlmClient llm, LlmConfig llmConfig, AgentConfig config, Workers workers,
            Tracer tracer) {
        this.genie = genie;
        this.llm = new LlmBridge(llm);
        this.llmConfig = llmConfig;
        this.config = config;
        this.workers = workers;
        this.fanOut = new ToolFanOut(workers);
        this.tracer = tracer;
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
     * Starts a turn: the caller's Genie sessions and, beside them, the first LLM call.
     * Returns once the sessions are open, so a turn fails here (before any answer is
     * written, and with the first LLM call abandoned) when no space is usable or Genie
     * is unreachable: a streaming caller still gets a proper status.
     *
     * @param streaming whether the LLM should stream its text (to a listener given to {@link OpenTurn#run})
     */
    public OpenTurn open(AgentTurn turn, UserCredential credential, Deadline deadline, boolean streaming) {
        TurnTelemetry telemetry = TurnTelemetry.start(tracer, turn, credential.callerId());
        TurnToolbox toolbox = new TurnToolbox(genie, workers, credential, turn.spaceIds(), deadline, telemetry);
        Future<LlmReply> reply = null;
        try (Scope ignored = telemetry.makeCurrent()) {
            toolbox.start();
            List<LlmTool> tools = genie.tools(turn.spaceIds()).stream()
                    .map(tool -> new LlmTool(tool.name(), tool.description(), tool.inputSchema()))
                    .toList();
            List<LlmMessage> conversation = new ArrayList<>();
            conversation.add(LlmMessage.system(llmConfig.systemPrompt()));
            turn.history().forEach(message -> conversation.add(LlmBridge.toLlm(message)));
            List<LlmMessage> firstRequest = List.copyOf(conversation);
            String firstId = TurnMessage.newId();
            TurnRelay relay = streaming ? new TurnRelay() : null; // its text may come before the stream is open
            reply = workers.submit(() -> llm.call(firstRequest, tools, deadline, telemetry,
                    relay == null ? null : text -> relay.textDelta(firstId, text)));
            FirstCall first = new FirstCall(reply, firstId, relay);
            toolbox.await();
            TurnLoop loop = new TurnLoop(turn, toolbox, deadline, telemetry, conversation, tools, first, llm, fanOut,
                    config.maxIterations());
            return new OpenTurn(loop, toolbox, first, telemetry);
        } catch (RuntimeException e) {
            if (reply != null) {
                reply.cancel(true); // the caller may not use any space, or Genie failed: abandon the LLM call
            }
            try (Scope ignored = telemetry.makeCurrent()) {
                toolbox.close();
            } finally {
                telemetry.finish(null, e);
            }
            throw e;
        }
    }
}
