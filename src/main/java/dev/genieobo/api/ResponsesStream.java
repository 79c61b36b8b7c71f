package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.agent.ToolCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /responses} with {@code "stream": true}, MLflow ResponsesAgent style: each
 * output item is announced by {@code response.output_item.added} when it starts and
 * ends with {@code response.output_item.done}; an answer's text comes as
 * {@code response.output_text.delta} pieces in between; the tool call is visible as
 * soon as the LLM has decided it; Genie's status, each time it changes, is a
 * {@code genie.status} event ({@code item_id} of the function call's output item to
 * come, {@code call_id}, {@code space_id}, {@code status}), which a client that does not
 * know the type ignores; {@code response.completed} carries usage and
 * {@code custom_outputs}; failures are {@code error} events.
 */
final class ResponsesStream extends TurnStream {

    static final StreamFormat FORMAT = ResponsesStream::new;

    /** The output index of each item announced so far, by item id. */
    private final Map<String, Integer> indexes = new ConcurrentHashMap<>();

    private ResponsesStream(SseWriter sse) {
        super(sse);
    }

    private static Map<String, Object> event(String type) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        return event;
    }

    /** Announces an item (once), in its in-progress form; returns its output index. */
    private int added(String id, Map<String, Object> inProgress) {
        boolean[] isNew = new boolean[1];
        int index = indexes.computeIfAbsent(id, ignored -> {
            isNew[0] = true;
            return indexes.size();
        });
        if (isNew[0]) {
            Map<String, Object> event = event("response.output_item.added");
            event.put("output_index", index);
            event.put("item", inProgress);
            sse.event(event);
        }
        return index;
    }

    private static Map<String, Object> messageInProgress(String id) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "message");
        item.put("id", id);
        item.put("role", "assistant");
        item.put("status", "in_progress");
        item.put("content", List.of());
        return item;
    }

    private void textPiece(String messageId, String text) {
        Map<String, Object> event = event("response.output_text.delta");
        event.put("item_id", messageId);
        event.put("output_index", added(messageId, messageInProgress(messageId)));
        event.put("content_index", 0);
        event.put("delta", text);
        sse.event(event);
    }

    @Override
    void delta(String messageId, String text) {
        textPiece(messageId, text);
    }

    @Override
    public void message(TurnMessage message) {
        for (Map<String, Object> item : ResponsesMapper.items(message)) {
            if ("function_call_output".equals(item.get("type"))) {
                item.put("id", message.id()); // the item Genie's statuses were reported under
            }
            String id = String.valueOf(item.get("id"));
            if ("message".equals(item.get("type")) && !streamed(id) && message.content() != null
                    && !message.content().isEmpty()) {
                textPiece(id, message.content()); // the text came whole (an endpoint that does not stream)
            }
            Map<String, Object> inProgress = new LinkedHashMap<>(item);
            inProgress.put("status", "in_progress");
            Map<String, Object> done = event("response.output_item.done");
            done.put("output_index", added(id, inProgress));
            done.put("item", item);
            sse.event(done);
        }
    }

    @Override
    public void genieStatus(String messageId, ToolCall call, String spaceId, String status) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("type", "function_call_output");
        output.put("id", messageId);
        output.put("call_id", call.id());
        output.put("output", "");
        output.put("status", "in_progress");
        added(messageId, output);
        Map<String, Object> event = event("genie.status");
        event.put("item_id", messageId);
        event.put("call_id", call.id());
        event.put("space_id", spaceId);
        event.put("status", status);
        sse.event(event);
    }

    @Override
    void finish(TurnResult result) {
        Map<String, Object> completed = new LinkedHashMap<>();
        completed.put("usage", ResponsesMapper.usage(result));
        completed.put("custom_outputs", ChatAgentMapper.customOutputs(result));
        Map<String, Object> event = event("response.completed");
        event.put("response", completed);
        sse.event(event);
    }

    @Override
    void error(ApiError error) {
        Map<String, Object> event = event("error");
        event.put("code", error.errorCode());
        event.put("message", error.message());
        if (error.retryAfterSeconds() != null) {
            event.put("retry_after_seconds", error.retryAfterSeconds());
        }
        sse.event(event);
    }
}
