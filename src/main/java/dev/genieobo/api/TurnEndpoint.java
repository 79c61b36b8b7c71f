package dev.genieobo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.agent.AgentLoop;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.identity.CallerTokens;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.upstream.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.OutputStream;
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

    /** Where a turn's answer goes: one JSON body, or a stream of Server-Sent Events. */
    interface Reply {
        /** Answers with a status, a JSON body and extra headers ({@code headers} may be empty). */
        void json(int status, Object body, java.util.Map<String, String> headers);

        /** Runs {@code action} if the caller hangs up before the answer is complete. */
        void onHangUp(Runnable action);

        /** Starts a {@code text/event-stream} answer with status 200; closing the stream ends it. */
        OutputStream stream();
    }

    /**
     * Serves one turn request. Failures before the answer starts become a status and
     * a JSON error ({@link ErrorMapping}); failures after a stream started become the
     * format's error event. The caller's credential is closed before the answer
     * ends (the JSON body is sent, or the stream closed, only after it), so a
     * platform that freezes the function once the answer is out (Lambda) freezes
     * nothing of the caller.
     */
    void serve(String authorization, String forwarded, String requestId, byte[] body,
            Function<byte[], Request> parse, Function<TurnResult, Object> json, StreamFormat format, Reply reply) {
        OutputStream stream = null;
        Runnable answer = null;
        Deadline deadline = agent.deadline(); // from the request's arrival: verification counts too
        reply.onHangUp(deadline::cancel);
        try (UserCredential credential = tokens.open(authorization, forwarded, deadline)) {
            Request parsed = parse.apply(body);
            Request request = new Request(parsed.turn().withRequestId(RequestIds.clean(requestId)), parsed.stream());
            if (!request.stream()) {
                TurnResult result = agent.run(request.turn(), credential, deadline, dev.genieobo.agent.TurnListener.NONE);
                Object wire = json.apply(result);
                answer = () -> reply.json(200, wire, java.util.Map.of());
            } else {
                try (dev.genieobo.agent.OpenTurn turn = agent.open(request.turn(), credential, deadline, true)) {
                    stream = reply.stream();
                    stream(turn, new SseWriter(stream, mapper), format);
                }
            }
        } catch (RuntimeException e) {
            if (stream == null) {
                answer = () -> fail(e, reply);
            }
        }
        if (stream != null) {
            try {
                stream.close();
            } catch (java.io.IOException clientGone) {
                // nothing left to tell a caller who hung up
            }
        }
        if (answer != null) {
            answer.run();
        }
    }

    private static void fail(RuntimeException failure, Reply reply) {
        ErrorMapping.Mapped mapped = ErrorMapping.map(failure);
        reply.json(mapped.status(), mapped.error(), mapped.headers());
    }

    /** Writes the turn as it happens; a failure after the stream started is the format's error event. */
    private static void stream(dev.genieobo.agent.OpenTurn turn, SseWriter sse, StreamFormat format) {
        TurnStream events = format.open(sse);
        try {
            events.finish(turn.run(events));
        } catch (UncheckedIOException | dev.genieobo.upstream.TurnCancelledException clientGone) {
            return;
        } catch (RuntimeException failure) {
            events.error(ErrorMapping.map(failure).error());
        }
        sse.done();
    }
}
