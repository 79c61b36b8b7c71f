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
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One bounded tool-calling loop: open the caller's Genie spaces, then at most
 * {@code max-iterations} LLM calls (as the system identity), running the tool
 * calls of each reply concurrently (as the user), all inside one deadline.
 *
 * <p>The user's credential is a parameter, never a field; the Genie sessions
 * opened with it are closed before this method returns, on every path.
 */
@ApplicationScoped
public class AgentLoop {

    private final GenieConnector genie;
    private final LlmClient llm;
    private final LlmConfig llmConfig;
    private final AgentConfig config;
    private final Workers workers;

    public AgentLoop(GenieConnector genie, LlmClient llm, LlmConfig llmConfig, AgentConfig config, Workers workers) {
        this.genie = genie;
        this.llm = llm;
        this.llmConfig = llmConfig;
        this.config = config;
        this.workers = workers;
    }

    /** Opens the turn and runs it; the Genie sessions are closed before this returns. */
    public TurnResult run(AgentTurn turn, UserCredential credential, TurnListener listener) {
        try (OpenTurn open = open(turn, credential)) {
            return open.run(listener);
        }
    }

    /**
     * Opens the caller's Genie spaces for a turn and starts its deadline. Fails
     * here (before any answer is written) when no space is usable or Genie is
     * unreachable, so a streaming caller can still answer with a proper status.
     */
    public OpenTurn open(AgentTurn turn, UserCredential credential) {
        Deadline deadline = Deadline.after(config.timeout());
        return new OpenTurn(turn, genie.open(credential, turn.spaceIds(), deadline), deadline);
    }

    /** A turn whose Genie sessions are open; run it once, then close it. */
    public final class OpenTurn implements AutoCloseable {
        private final AgentTurn turn;
        private final GenieToolbox toolbox;
        private final Deadline deadline;

        private OpenTurn(AgentTurn turn, GenieToolbox toolbox, Deadline deadline) {
            this.turn = turn;
            this.toolbox = toolbox;
            this.deadline = deadline;
        }

        public TurnResult run(TurnListener listener) {
            return loop(turn, toolbox, deadline, listener);
        }

        @Override
        public void close() {
            toolbox.close();
        }
    }

    private TurnResult loop(AgentTurn turn, GenieToolbox toolbox, Deadline deadline, TurnListener listener) {
        List<LlmTool> tools = toolbox.tools().stream()
                .map(tool -> new LlmTool(tool.name(), tool.description(), tool.inputSchema()))
                .toList();
        List<LlmMessage> conversation = new ArrayList<>();
        conversation.add(LlmMessage.system(llmConfig.systemPrompt()));
        turn.history().forEach(message -> conversation.add(toLlm(message)));

        List<TurnMessage> produced = new ArrayList<>();
        Map<String, SpaceOutput> spaces = new LinkedHashMap<>();
        Usage usage = Usage.ZERO;
        for (int call = 1; call <= config.maxIterations(); call++) {
            LlmReply reply = llm.complete(conversation, tools, deadline);
            usage = usage.plus(reply.usage());
            if (!reply.wantsTools()) {
                emit(TurnMessage.assistant(reply.content(), List.of()), produced, listener);
                return new TurnResult(produced, reply.finishReason(), usage, spaces, toolbox.unavailableSpaces());
            }
            if (call == config.maxIterations()) {
                break; // no LLM call left to read the tool results
            }
            emit(TurnMessage.assistant(reply.content(), reply.toolCalls()), produced, listener);
            conversation.add(LlmMessage.assistant(reply.content(), reply.toolCalls()));
            List<ToolOutcome> outcomes = runTools(reply.toolCalls(), toolbox, turn.conversationIds(), deadline);
            for (int i = 0; i < outcomes.size(); i++) {
                LlmToolCall toolCall = reply.toolCalls().get(i);
                ToolOutcome outcome = outcomes.get(i);
                String text = outcome.isError() ? "Error: " + outcome.textForLlm() : outcome.textForLlm();
                emit(TurnMessage.tool(toolCall.id(), toolCall.name(), text), produced, listener);
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
        return new TurnResult(produced, "max_iterations", usage, spaces, toolbox.unavailableSpaces());
    }

    /** Runs the tool calls of one reply concurrently; results in call order. */
    private List<ToolOutcome> runTools(List<LlmToolCall> calls, GenieToolbox toolbox,
            Map<String, String> conversationIds, Deadline deadline) {
        if (calls.size() == 1) {
            LlmToolCall only = calls.get(0);
            return List.of(toolbox.call(only.name(), only.arguments(), conversationIds, deadline));
        }
        List<Future<ToolOutcome>> pending = new ArrayList<>();
        for (LlmToolCall call : calls) {
            pending.add(workers.submit(() -> toolbox.call(call.name(), call.arguments(), conversationIds, deadline)));
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

    private static void emit(TurnMessage message, List<TurnMessage> produced, TurnListener listener) {
        produced.add(message);
        listener.onMessage(message);
    }

    private static LlmMessage toLlm(TurnMessage message) {
        return new LlmMessage(message.role(), message.content(), message.toolCalls(), message.toolCallId(),
                message.name());
    }
}
