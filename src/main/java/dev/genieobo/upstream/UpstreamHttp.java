package dev.genieobo.upstream;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.inject.Inject;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one HTTP client (and so the one connection pool) for every call to the
 * workspace: Genie MCP sessions and LLM calls alike. It is built once on the
 * Quarkus-managed Vert.x instance; requests add no thread, pool or TLS context.
 *
 * <p>Callers block (on a worker or virtual thread) for at most what is left of
 * the turn's {@link Deadline}. This class never logs headers or bodies.
 */
@ApplicationScoped
public class UpstreamHttp {

    private static final long STREAM_GRACE_MS = 1000;

    private final Vertx vertx;
    /** The most bytes any upstream answer may have (JSON, SSE or error body alike). */
    private final long maxBodyBytes;
    private final HttpClient client;
    private final TextMapPropagator propagator;
    private static final TextMapSetter<MultiMap> SETTER = (headers, key, value) -> headers.set(key, value);

    /** For plain unit tests: no propagation. */
    public UpstreamHttp(Vertx vertx, WorkspaceConfig config) {
        this(vertx, config, OpenTelemetry.noop());
    }

    @Inject
    public UpstreamHttp(Vertx vertx, WorkspaceConfig config, OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(config.http().maxConnections())
                .setConnectTimeout((int) config.http().connectTimeout().toMillis())
                // No Accept-Encoding: answers are small JSON on a fast path, and a decompressing
                // client would load native Brotli on the first request (cold start) and spend CPU per turn.
                .setDecompressionSupported(false)
                .setLogActivity(false);
        // We inject traceparent ourselves from the caller's thread; Vert.x's own client
        // tracing would look for the parent in a Vert.x context our virtual threads lack.
        options.setTracingPolicy(TracingPolicy.IGNORE);
        this.vertx = vertx;
        this.maxBodyBytes = config.http().maxBodySize().asLongValue();
        this.client = vertx.createHttpClient(options);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Sends a request and collects the whole answer. */
    public UpstreamResponse send(HttpMethod method, String url, MultiMap headers, Buffer body,
            Deadline deadline, String what) {
        return send(method, url, headers, body, deadline, what, BodyReader.whole());
    }

    /**
     * Sends a request and lets {@code reader} decide when the answer is complete.
     *
     * @param what names the upstream in error messages ("Genie space X", "the LLM endpoint")
     */
    public <T> T send(HttpMethod method, String url, MultiMap headers, Buffer body,
            Deadline deadline, String what, BodyReader<T> reader) {
        return start(method, url, headers, body, deadline, what, reader).await();
    }

    /**
     * Sends a request without waiting for its answer; {@link Exchange#await()} waits
     * for it (at most until the deadline) and {@link Exchange#cancel()} resets it. A
     * cancellation of the deadline resets it too. An answer whose body grows past
     * {@code databricks.http.max-body-size} fails at once and its connection is closed.
     */
    public <T> Exchange<T> start(HttpMethod method, String url, MultiMap headers, Buffer body,
            Deadline deadline, String what, BodyReader<T> reader) {
        deadline.check("calling " + what);
        Duration left = deadline.remaining();
        if (headers != null) {
            propagator.inject(io.opentelemetry.context.Context.current(), headers, SETTER); // W3C traceparent (+ baggage)
        }
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url)
                .setHeaders(headers)
                .setIdleTimeout(Math.max(1, left.toMillis()));
        Exchange<T> exchange = new Exchange<>(deadline, what);
        CompletableFuture<T> answer = exchange.answer;
        // Wire the whole exchange on one event-loop context: response handlers are then
        // set before any body chunk can be delivered, however fast the upstream answers.
        vertx.getOrCreateContext().runOnContext(ignored -> {
            client.request(options)
                    .compose(request -> {
                        exchange.sent.set(request);
                        if (answer.isDone()) { // cancelled before it was sent
                            request.reset();
                            return io.vertx.core.Future.failedFuture("cancelled");
                        }
                        return body == null ? request.send() : request.send(body);
                    })
                    .onFailure(answer::completeExceptionally)
                    .onSuccess(response -> {
                        try {
                            reader.head(response.statusCode(), response.headers());
                        } catch (RuntimeException e) {
                            exchange.refuse(e);
                            return;
                        }
                        response.exceptionHandler(answer::completeExceptionally);
                        long[] received = new long[1];
                        response.handler(chunk -> {
                            if (answer.isDone()) {
                                return;
                            }
                            received[0] += chunk.length();
                            if (received[0] > maxBodyBytes) {
                                exchange.fail(new UpstreamException(what + " sent an answer larger than "
                                        + (maxBodyBytes >> 20) + " MiB (databricks.http.max-body-size); it was cut off"));
                                return;
                            }
                            try {
                                if (reader.chunk(chunk)) {
                                    answer.complete(reader.finish());
                                    abandonIfStillOpen(response, exchange.sent.get());
                                }
                            } catch (RuntimeException e) {
                                exchange.refuse(e);
                            }
                        });
                        response.endHandler(end -> {
                            if (!answer.isDone()) {
                                try {
                                    answer.complete(reader.finish());
                                } catch (RuntimeException e) {
                                    exchange.refuse(e);
                                }
                            }
                        });
                    });
        });
        exchange.registration = deadline.onCancel(exchange::cancel);
        return exchange;
    }

    /** One request in flight. */
    public static final class Exchange<T> {
        private final CompletableFuture<T> answer = new CompletableFuture<>();
        private final AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        private final Deadline deadline;
        private final String what;
        private volatile Runnable registration;
        /** What the body reader threw, if it refused the answer. */
        private volatile RuntimeException refused;

        private Exchange(Deadline deadline, String what) {
            this.deadline = deadline;
            this.what = what;
        }

        /** Waits for the answer, at most until the deadline (then the request is reset). */
        public T await() {
            return await(deadline);
        }

        /**
         * Waits for the answer at most until {@code bound} (a closing deadline may give a
         * request the turn started a little longer); then the request is reset.
         */
        public T await(Deadline bound) {
            try {
                return answer.get(bound.remaining().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                cancel();
                throw bound.stopped("waiting for " + what);
            } catch (java.util.concurrent.CancellationException e) {
                if (deadline.cancelled()) {
                    throw new TurnCancelledException("waiting for " + what);
                }
                throw new UpstreamException("the request to " + what + " was abandoned");
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new UpstreamException("interrupted while waiting for " + what);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UpstreamException || cause instanceof DeadlineExceededException
                        || cause instanceof TurnCancelledException) {
                    throw (RuntimeException) cause;
                }
                if (cause != null && cause == refused) {
                    throw refused; // the body reader refused the answer (an error of the protocol it reads)
                }
                if (cause instanceof io.netty.handler.timeout.TimeoutException
                        || cause instanceof java.util.concurrent.TimeoutException
                        || (cause != null && cause.getClass().getSimpleName().contains("Timeout"))) {
                    throw bound.stopped("waiting for " + what);
                }
                throw UpstreamException.unreachable(what + " is unreachable (" + describe(cause) + ")");
            } finally {
                Runnable handle = registration;
                if (handle != null) {
                    deadline.forget(handle);
                }
            }
        }

        /** Resets the request if its answer is still outstanding. */
        public void cancel() {
            if (answer.cancel(false)) {
                HttpClientRequest request = sent.get();
                if (request != null) {
                    request.reset();
                }
            }
        }

        /** The body reader refused the answer: its exception is what {@link #await} throws. */
        private void refuse(RuntimeException failure) {
            refused = failure;
            fail(failure);
        }

        /** Fails the answer and drops the connection, so the upstream stops sending. */
        private void fail(RuntimeException failure) {
            if (answer.completeExceptionally(failure)) {
                HttpClientRequest request = sent.get();
                if (request != null) {
                    request.reset();
                }
            }
        }
    }

    /**
     * The answer is complete but the body has not ended (an SSE stream left open):
     * let a well-behaved server end it, and drop the connection only if it does not.
     * Resetting at once would close a connection that may already be back in the pool.
     */
    private void abandonIfStillOpen(HttpClientResponse response, HttpClientRequest request) {
        AtomicBoolean ended = new AtomicBoolean();
        response.endHandler(end -> ended.set(true));
        vertx.setTimer(STREAM_GRACE_MS, id -> {
            if (!ended.get() && request != null) {
                request.reset();
            }
        });
    }

    /** Exception class and message; messages of connection errors name host and port, never headers. */
    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
