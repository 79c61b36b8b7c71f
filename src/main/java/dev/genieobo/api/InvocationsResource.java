package dev.genieobo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.agent.AgentLoop;
import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.identity.CallerTokens;
import dev.genieobo.identity.UserCredential;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code POST /invocations} in the MLflow ChatAgent format. The caller's token
 * becomes a {@link UserCredential} before anything else happens (no token: 401,
 * and no upstream call); the credential is closed when the answer is complete,
 * on every path.
 */
@Path("/invocations")
public class InvocationsResource {

    private final CallerTokens tokens;
    private final ChatAgentRequests requests;
    private final AgentLoop agent;
    private final ObjectMapper mapper;

    public InvocationsResource(CallerTokens tokens, ChatAgentRequests requests, AgentLoop agent, ObjectMapper mapper) {
        this.tokens = tokens;
        this.requests = requests;
        this.agent = agent;
        this.mapper = mapper;
    }

    @POST
    @RunOnVirtualThread
    @Produces({ MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS })
    public Response invoke(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Forwarded-Access-Token") String forwarded) {
        UserCredential credential = tokens.open(authorization, forwarded);
        boolean handedToStream = false;
        try {
            ChatAgentRequests.Parsed request = requests.parse(body);
            if (!request.stream()) {
                TurnResult result = agent.run(request.turn(), credential, message -> {
                });
                return Response.ok(ChatAgentMapper.response(result), MediaType.APPLICATION_JSON_TYPE).build();
            }
            AgentLoop.OpenTurn turn = agent.open(request.turn(), credential);
            handedToStream = true;
            StreamingOutput stream = out -> {
                try (turn; credential) {
                    stream(turn, new SseWriter(out, mapper));
                }
            };
            return Response.ok(stream).type("text/event-stream").header("Cache-Control", "no-cache")
                    .header("X-Accel-Buffering", "no").build();
        } finally {
            if (!handedToStream) {
                credential.close();
            }
        }
    }

    /** One chunk per message; the final answer's chunk also carries finish_reason, usage and custom_outputs. */
    private static void stream(AgentLoop.OpenTurn turn, SseWriter sse) {
        try {
            TurnMessage[] last = new TurnMessage[1];
            TurnResult result = turn.run(message -> {
                if (last[0] != null) {
                    sse.event(Map.of("delta", ChatAgentMapper.message(last[0])));
                }
                last[0] = message;
            });
            sse.event(new ChatAgentWire.Chunk(ChatAgentMapper.message(last[0]), result.finishReason(),
                    ChatAgentMapper.usage(result.usage()), ChatAgentMapper.customOutputs(result)));
        } catch (UncheckedIOException clientGone) {
            return;
        } catch (RuntimeException failure) {
            sse.event(Map.of("error", ErrorMapping.map(failure).error()));
        }
        sse.done();
    }
}
