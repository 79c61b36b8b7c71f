package dev.genieobo.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.runtime.Workers;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The two turn endpoints, {@code POST /invocations} (MLflow ChatAgent) and
 * {@code POST /responses} (MLflow ResponsesAgent), as plain Vert.x routes: the
 * body is read on the event loop (up to {@code quarkus.http.limits.max-body-size},
 * else 413), then the turn runs on a virtual thread and writes its answer
 * straight to the response. Measured against the same endpoints as Quarkus REST
 * resources, this takes about a quarter off the function's CPU per turn (no
 * blocking body stream, no JAX-RS handler chain); see docs/architecture.md.
 */
@ApplicationScoped
class TurnRoutes {

    private static final Logger LOG = Logger.getLogger(TurnRoutes.class);

    private final TurnEndpoint endpoint;
    private final ChatAgentRequests chatAgent;
    private final ResponsesRequests responses;
    private final ObjectMapper mapper;
    private final Workers workers;

    TurnRoutes(TurnEndpoint endpoint, ChatAgentRequests chatAgent, ResponsesRequests responses, ObjectMapper mapper,
            Workers workers) {
        this.endpoint = endpoint;
        this.chatAgent = chatAgent;
        this.responses = responses;
        this.mapper = mapper;
        this.workers = workers;
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M") MemorySize limit) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
        router.post("/invocations").handler(body).handler(rc -> serve(rc, chatAgent::parse, ChatAgentMapper::response,
                ChatAgentStream.FORMAT));
        router.post("/responses").handler(body).handler(rc -> serve(rc, responses::parse, ResponsesMapper::response,
                ResponsesStream.FORMAT));
    }

    private void serve(RoutingContext rc, java.util.function.Function<byte[], TurnEndpoint.Request> parse,
            java.util.function.Function<dev.genieobo.agent.TurnResult, Object> json, StreamFormat format) {
        HttpServerRequest request = rc.request();
        String authorization = request.getHeader("Authorization");
        String forwarded = request.getHeader("X-Forwarded-Access-Token");
        String requestId = request.getHeader("X-Request-Id");
        Buffer received = rc.body().buffer();
        byte[] bytes = received == null ? new byte[0] : received.getBytes();
        VertxReply reply = new VertxReply(rc, mapper); // on the event loop: it watches the connection from now on
        // Workers carries the current OpenTelemetry context (the server span) to the virtual thread
        workers.submit(() -> {
            try {
                endpoint.serve(authorization, forwarded, requestId, bytes, parse, json, format, reply);
            } catch (RuntimeException | Error e) { // serve answers every exception itself; this is a last resort
                LOG.errorf("turn endpoint failed: %s", e.getClass().getName());
                if (!rc.response().ended() && !rc.response().headWritten()) {
                    rc.response().setStatusCode(500).end();
                } else if (!rc.response().ended()) {
                    rc.response().reset();
                }
                if (e instanceof Error error) {
                    throw error;
                }
            }
            return null;
        });
    }

    /** A turn's answer on a Vert.x response (its methods may be called from any thread). */
    private static final class VertxReply implements TurnEndpoint.Reply {
        private final HttpServerResponse response;
        private final ObjectMapper mapper;
        private final HangUp hangUp;

        /** Made on the request's event loop. */
        VertxReply(RoutingContext rc, ObjectMapper mapper) {
            this.response = rc.response();
            this.mapper = mapper;
            this.hangUp = HangUp.watch(rc);
        }

        @Override
        public void onHangUp(Runnable action) {
            hangUp.then(action);
        }

        @Override
        public void json(int status, Object body, java.util.Map<String, String> headers) {
            if (response.closed()) {
                return; // the caller hung up
            }
            byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                LOG.errorf("could not write an answer: %s", e.getClass().getName());
                response.setStatusCode(500).end();
                return;
            }
            response.setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8");
            headers.forEach(response::putHeader);
            response.end(Buffer.buffer(bytes));
        }

        @Override
        public OutputStream stream() {
            response.setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            return new OutputStream() {
                private Buffer pending = Buffer.buffer();

                @Override
                public void write(int b) {
                    pending.appendByte((byte) b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    pending.appendBytes(bytes, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    if (response.closed()) {
                        throw new IOException("the caller hung up");
                    }
                    if (pending.length() > 0) {
                        response.write(pending);
                        pending = Buffer.buffer();
                    }
                }

                @Override
                public void close() throws IOException {
                    flush();
                    response.end();
                }
            };
        }
    }
}
