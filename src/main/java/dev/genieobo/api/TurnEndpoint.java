package dev.genieobo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.agent.AgentLoop;
import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.identity.CallerTokens;
import dev.genieobo.identity.UserCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * What every HTTP entry point of a turn does, whatever its wire format: verify
 * the caller first (no token: 401 and no upstream call), read the body, open the
 * caller's Genie spaces, run the turn, answer as JSON or as a stream, and close
 * the caller's credential when the answer is complete, on every path.
 */
@ApplicationScoped
public class TurnEndpoint {

    /** A checked request: the turn and whether the caller asked for a stream. */
    public record Request(dev.genieobo.agent.AgentTurn turn, boolean stream) {
    }

    private final CallerTokens tokens;
    private final AgentLoop agent;
    private final ObjectMapper mapper;

    public TurnEndpoint(CallerTokens tokens, AgentLoop agent, ObjectMapper mapper) {
        this.tokens = tokens;
        this.agent = agent;
        this.mapper = mapper;
    }

    Response serve(String authorization, String forwarded, String requestId, byte[] body,
            Function<byte[], Request> parse, Function<TurnResult, Object> json, StreamFormat format) {
        UserCredential credential = tokens.open(authorization, forwarded);
        boolean handedToStream = false;
        try {
            Request parsed = parse.apply(body);
            Request request = new Request(parsed.turn().withRequestId(RequestIds.clean(requestId)), parsed.stream());
            if (!request.stream()) {
                TurnResult result = agent.run(request.turn(), credential, message -> {
                });
                return Response.ok(json.apply(result), MediaType.APPLICATION_JSON_TYPE).build();
            }
            AgentLoop.OpenTurn turn = agent.open(request.turn(), credential);
            handedToStream = true;
            StreamingOutput stream = out -> {
                try (turn; credential) {
                    stream(turn, new SseWriter(out, mapper), format);
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

    /**
     * Each message is written when the next one exists, so that the last can carry
     * the turn's totals; on a failure the held message is written before the error.
     */
    private static void stream(AgentLoop.OpenTurn turn, SseWriter sse, StreamFormat format) {
        TurnMessage[] last = new TurnMessage[1];
        try {
            TurnResult result = turn.run(message -> {
                if (last[0] != null) {
                    format.message(last[0], sse);
                }
                last[0] = message;
            });
            format.finish(last[0], result, sse);
        } catch (UncheckedIOException clientGone) {
            return;
        } catch (RuntimeException failure) {
            if (last[0] != null) {
                format.message(last[0], sse);
            }
            format.error(ErrorMapping.map(failure).error(), sse);
        }
        sse.done();
    }
}
