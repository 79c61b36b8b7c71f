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
import java.util.Map;

/**
 * {@code POST /invocations} in the MLflow ChatAgent format: JSON, or with
 * {@code "stream": true} one {@code data: {"delta": ...}} chunk per message, the
 * last with {@code finish_reason}, {@code usage} and {@code custom_outputs}.
 */
@Path("/invocations")
public class InvocationsResource {

    private final TurnEndpoint endpoint;
    private final ChatAgentRequests requests;

    public InvocationsResource(TurnEndpoint endpoint, ChatAgentRequests requests) {
        this.endpoint = endpoint;
        this.requests = requests;
    }

    @POST
    @RunOnVirtualThread
    @Produces({ MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS })
    public Response invoke(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Forwarded-Access-Token") String forwarded, @HeaderParam("X-Request-Id") String requestId) {
        return endpoint.serve(authorization, forwarded, requestId, body, requests::parse, ChatAgentMapper::response, FORMAT);
    }

    static final StreamFormat FORMAT = new StreamFormat() {
        @Override
        public void message(TurnMessage message, SseWriter sse) {
            sse.event(Map.of("delta", ChatAgentMapper.message(message)));
        }

        @Override
        public void finish(TurnMessage last, TurnResult result, SseWriter sse) {
            sse.event(new ChatAgentWire.Chunk(ChatAgentMapper.message(last), result.finishReason(),
                    ChatAgentMapper.usage(result.usage()), ChatAgentMapper.customOutputs(result)));
        }

        @Override
        public void error(ApiError error, SseWriter sse) {
            sse.event(Map.of("error", error));
        }
    };
}
