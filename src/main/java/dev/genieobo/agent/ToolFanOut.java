package dev.genieobo.agent;

import dev.genieobo.genie.GenieToolbox;
import dev.genieobo.genie.ToolOutcome;
import dev.genieobo.runtime.Workers;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.UpstreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The tool calls of one LLM reply, run concurrently as the caller (one alone runs on
 * the turn's own thread); outcomes in call order. Genie's statuses go to the listener
 * under the id each call's tool message will have. The first failure of one cancels
 * the others and ends the turn.
 */
final class ToolFanOut {

    private final Workers workers;

    ToolFanOut(Workers workers) {
        this.workers = workers;
    }

    List<ToolOutcome> run(List<ToolCall> calls, List<String> messageIds, GenieToolbox toolbox,
            Map<String, String> conversationIds, Deadline deadline, TurnListener listener) {
        if (calls.size() == 1) {
            return List.of(one(calls.get(0), messageIds.get(0), toolbox, conversationIds, deadline, listener));
        }
        List<Future<ToolOutcome>> pending = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            String messageId = messageIds.get(i);
            pending.add(workers.submit(() -> one(call, messageId, toolbox, conversationIds, deadline, listener)));
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

    private static ToolOutcome one(ToolCall call, String messageId, GenieToolbox toolbox,
            Map<String, String> conversationIds, Deadline deadline, TurnListener listener) {
        return toolbox.call(call.name(), call.arguments(), conversationIds, deadline,
                (spaceId, status) -> listener.genieStatus(messageId, call, spaceId, status));
    }
}
