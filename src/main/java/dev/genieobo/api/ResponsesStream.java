package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /responses} with {@code "stream": true}, MLflow ResponsesAgent style:
 * the events {@code response.output_item.done}, {@code response.output_text.delta},
 * {@code response.completed} and {@code error}, then {@code data: [DONE]}.
 */
final class ResponsesStream {

    private ResponsesStream() {
    }

    private static Map<String, Object> event(String type, String key, Object value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put(key, value);
        return event;
    }

    static final StreamFormat FORMAT = new StreamFormat() {
        @Override
        public void message(TurnMessage message, SseWriter sse) {
            ResponsesMapper.items(message).forEach(item -> sse.event(event("response.output_item.done", "item", item)));
        }

        @Override
        public void finish(TurnMessage last, TurnResult result, SseWriter sse) {
            if (last.toolCalls().isEmpty() && last.content() != null && !last.content().isEmpty()) {
                Map<String, Object> delta = event("response.output_text.delta", "item_id", last.id());
                delta.put("delta", last.content());
                sse.event(delta);
            }
            message(last, sse);
            Map<String, Object> completed = new LinkedHashMap<>();
            completed.put("usage", ResponsesMapper.usage(result));
            completed.put("custom_outputs", ChatAgentMapper.customOutputs(result));
            sse.event(event("response.completed", "response", completed));
        }

        @Override
        public void error(ApiError error, SseWriter sse) {
            Map<String, Object> event = event("error", "code", error.errorCode());
            event.put("message", error.message());
            sse.event(event);
        }
    };
}
