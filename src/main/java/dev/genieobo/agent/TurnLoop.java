package dev.genieobo.agent;

import dev.genieobo.genie.GenieResult;
import dev.genieobo.genie.ToolOutcome;
import dev.genieobo.llm.LlmMessage;
import dev.genieobo.llm.LlmReply;
import dev.genieobo.llm.LlmTool;
import dev.genieobo.upstream.Deadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded tool-calling loop of one turn: at most {@code max-iterations} LLM calls
 * (as the system identity), the tool calls of each reply run as the caller, every
 * message told to the listener as it exists. The first LLM call was started with the
 * turn; the toolbox is closed beside the call that reads the tool results.
 */
final class TurnLoop {

    private final AgentTurn turn;
    private final TurnToolbox toolbox;
    private final Deadline deadline;
    private final TurnTelemetry telemetry;
    private final List<LlmMessage> conversation;
    private final List<LlmTool> tools;
    private final FirstCall first;
    private final LlmBridge llm;
    private final ToolFanOut fanOut;
    private final int maxIterations;

    TurnLoop(AgentTurn turn, TurnToolbox toolbox, Deadline deadline, TurnTelemetry telemetry,
            List<LlmMessage> conversation, List<LlmTool> tools, FirstCall first, LlmBridge llm, ToolFanOut fanOut,
            int maxIterations) {
        this.turn = turn;
        this.toolbox = toolbox;
        this.deadline = deadline;
        this.telemetry = telemetry;
        this.conversation = conversation;
        this.tools = tools;
        this.first = first;
        this.llm = llm;
        this.fanOut = fanOut;
        this.maxIterations = maxIterations;
    }

    TurnResult run(TurnListener listener) {
        List<String> unavailable = toolbox.await().unavailableSpaces();
        List<TurnMessage> produced = new ArrayList<>();
        Map<String, SpaceOutput> spaces = new LinkedHashMap<>();
        TokenUsage usage = TokenUsage.ZERO;
        for (int call = 1; call <= maxIterations; call++) {
            if (call > 1) {
                toolbox.closeInBackground(); // this call reads tool results: most likely the last one
            }
            String messageId = call == 1 ? first.messageId() : TurnMessage.newId();
            LlmReply reply = call == 1 ? Tasks.result(first.reply(), "the first LLM call")
                    : llm.call(conversation, tools, deadline, telemetry,
                            listener.streaming() ? text -> listener.textDelta(messageId, text) : null);
            usage = usage.plus(reply.usage().promptTokens(), reply.usage().completionTokens(),
                    reply.usage().totalTokens());
            List<ToolCall> calls = LlmBridge.fromLlm(reply.toolCalls());
            if (calls.isEmpty()) {
                emit(TurnMessage.assistant(messageId, reply.content(), List.of()), produced, listener);
                return new TurnResult(produced, reply.finishReason(), usage, spaces, unavailable);
            }
            if (call == maxIterations) {
                break; // no LLM call left to read the tool results
            }
            emit(TurnMessage.assistant(messageId, reply.content(), calls), produced, listener);
            conversation.add(LlmMessage.assistant(reply.content(), reply.toolCalls()));
            List<String> toolMessageIds = calls.stream().map(c -> TurnMessage.newId()).toList();
            long toolsStarted = System.nanoTime();
            List<ToolOutcome> outcomes;
            try {
                outcomes = fanOut.run(calls, toolMessageIds, toolbox.await(), turn.conversationIds(), deadline, listener);
            } finally {
                telemetry.genieWaited(System.nanoTime() - toolsStarted);
            }
            for (int i = 0; i < outcomes.size(); i++) {
                ToolCall toolCall = calls.get(i);
                ToolOutcome outcome = outcomes.get(i);
                String text = outcome.isError() ? "Error: " + outcome.textForLlm() : outcome.textForLlm();
                emit(TurnMessage.tool(toolMessageIds.get(i), toolCall.id(), toolCall.name(), text), produced, listener);
                conversation.add(LlmMessage.tool(toolCall.id(), toolCall.name(), text));
                GenieResult result = outcome.result();
                if (outcome.spaceId() != null && result != null) {
                    spaces.put(outcome.spaceId(), new SpaceOutput(result.conversationId(), result.messageId(),
                            result.status(), result.sql(), result.spaceId()));
                }
            }
        }
        emit(TurnMessage.assistant("I could not finish the answer within " + maxIterations
                + " model calls. Try a narrower question.", List.of()), produced, listener);
        return new TurnResult(produced, "max_iterations", usage, spaces, unavailable);
    }

    private static void emit(TurnMessage message, List<TurnMessage> produced, TurnListener listener) {
        produced.add(message);
        listener.message(message);
    }
}
