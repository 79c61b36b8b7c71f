package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /responses} in the MLflow ResponsesAgent format: {@code output}
 * items ({@code function_call}, {@code function_call_output}, {@code message}
 * with {@code output_text}); with {@code "stream": true} the events
 * {@code response.output_item.done}, {@code response.output_text.delta},
 * {@code response.completed} and {@code error}, then {@code data: [DONE]}.
 */
@Path("/responses")
public class ResponsesResource {

    private final TurnEndpoint endpoint;
    private final ResponsesRequests requests;

    public ResponsesResource(TurnEndpoint endpoint, ResponsesRequests requests) {
        this.endpoint = endpoint;
        this.requests = requests;
    }

    @POST
    @RunOnVirtualThread
    @Produces({ MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS })
    public Response respond(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Forwarded-Access-Token") String forwarded, @HeaderParam("X-Request-Id") String requestId) {
        return endpoint.serve(authorization, forwarded, requestId, body, requests::parse, ResponsesMapper::response, FORMAT);
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
