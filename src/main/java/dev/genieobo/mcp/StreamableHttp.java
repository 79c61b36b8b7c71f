package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.RetryAfter;
import dev.genieobo.upstream.RetryPolicy;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The Streamable HTTP transport of one MCP session: every message is {@code POST}ed to
 * the server's one URL with the {@code Authorization} value it was given, the
 * {@code Mcp-Session-Id} once the server issued one and the {@code MCP-Protocol-Version}
 * once negotiated; the reply is a JSON body or an event stream ({@link ReplyReader}),
 * and an event stream that ends before the wanted message is resumed with {@code GET}
 * and {@code Last-Event-ID}. {@code DELETE} ends the session. A refusal (non-2xx) is an
 * {@link McpException.Http} with the server's status and body as they came.
 *
 * <p>It knows no JSON-RPC: which message answers a request, the session says.
 * {@link #forget()} drops the credential; every request after it fails.
 */
final class StreamableHttp {

    private static final Logger LOG = Logger.getLogger(StreamableHttp.class);
    /** The revision that sends no {@code MCP-Protocol-Version} header (the header came with 2025-06-18). */
    private static final String WITHOUT_VERSION_HEADER = "2025-03-26";
    /**
     * Resuming one response's event stream: at most 100 times, after the server's
     * {@code retry} hint (at most 10 s) or 50 ms when it gave none.
     */
    private static final RetryPolicy RESUME = RetryPolicy.fixed(Duration.ofMillis(50))
            .askedAtMost(Duration.ofSeconds(10)).retries(100);
    /** A closing request whose connection was lost is sent once more, at once, inside the close grace. */
    private static final RetryPolicy CLOSING = RetryPolicy.fixed(Duration.ZERO).retries(1);

    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final String url;
    private final String label;
    /** The value of the Authorization header of every request; null once forgotten. */
    private volatile Supplier<String> authorization;
    private volatile String sessionId;
    private volatile String protocolVersion;

    StreamableHttp(UpstreamHttp http, ObjectMapper mapper, String url, Supplier<String> authorization, String label) {
        this.http = http;
        this.mapper = mapper;
        this.url = url;
        this.authorization = authorization;
        this.label = label;
    }

    /** The session id the server issued, or null when it issued none. */
    String sessionId() {
        return sessionId;
    }

    /** Keeps the {@code Mcp-Session-Id} the server issued with {@code reply} (to initialization), if any. */
    void adoptSessionId(ReplyReader.Reply reply) {
        String issued = reply.headers() == null ? null : reply.headers().get("Mcp-Session-Id");
        if (issued != null && !issued.isBlank()) {
            sessionId = issued;
        }
    }

    /** The negotiated revision, sent as {@code MCP-Protocol-Version} from now on (from 2025-06-18 on). */
    void protocolVersion(String version) {
        protocolVersion = version;
    }

    /**
     * Posts {@code message} and waits for the reply's {@code wanted} message, resuming an
     * event stream that ended before it.
     *
     * @param what names the request in messages and logs
     * @throws McpException.Http when the server refused the request (non-2xx)
     */
    ReplyReader.Reply post(JsonNode message, Predicate<JsonNode> wanted, Deadline deadline, String what) {
        ReplyReader.Reply reply = closingRetry(() -> start(message, wanted, deadline).await(), deadline, what);
        LOG.debugf("MCP %s to %s: HTTP %d", what, label, reply.status());
        if (reply.status() / 100 != 2) {
            throw refusal(reply);
        }
        if (reply.stream() && reply.message() == null) {
            return resume(reply, wanted, deadline, what);
        }
        return reply;
    }

    /** Posts {@code message} without waiting for the reply (a notification): the exchange, to await later. */
    UpstreamHttp.Exchange<ReplyReader.Reply> start(JsonNode message, Predicate<JsonNode> wanted, Deadline deadline) {
        MultiMap headers = headers();
        headers.set("Content-Type", "application/json");
        headers.set("Accept", "application/json, text/event-stream");
        try {
            return http.start(HttpMethod.POST, url, headers, Buffer.buffer(mapper.writeValueAsBytes(message)),
                    deadline, label, new ReplyReader(mapper, wanted));
        } catch (IOException e) {
            throw new McpException.Protocol("could not encode an MCP request");
        }
    }

    /**
     * The server ended the response's event stream before the response (MCP 2025-11-25
     * lets a server do so during a long operation, after an event with an id): the
     * stream is resumed with {@code GET} and {@code Last-Event-ID}, after the server's
     * {@code retry} hint, inside the deadline and with the caller's token, until the
     * response arrives. A stream with no event id, or a server that cannot resume (no
     * event stream to the {@code GET}), is a protocol error (502).
     */
    private ReplyReader.Reply resume(ReplyReader.Reply ended, Predicate<JsonNode> wanted, Deadline deadline,
            String what) {
        ReplyReader.Reply last = ended;
        for (int resumed = 0; last.message() == null; resumed++) {
            if (last.lastEventId() == null) {
                throw new McpException.Protocol(label + " ended its event stream before the response to " + what
                        + ", with no event id to resume it from");
            }
            if (!RESUME.mayRetry(resumed)) {
                throw new McpException.Protocol(label + " had not answered " + what + " after " + resumed
                        + " resumptions of its event stream");
            }
            Duration asked = last.retryMillis() >= 0 ? Duration.ofMillis(last.retryMillis()) : null;
            deadline.sleep(RESUME.pause(resumed, asked), "waiting to resume " + label);
            MultiMap headers = headers();
            headers.set("Accept", "text/event-stream");
            headers.set("Last-Event-ID", last.lastEventId());
            ReplyReader.Reply next = http.start(HttpMethod.GET, url, headers, null, deadline, label,
                    new ReplyReader(mapper, wanted)).await();
            LOG.debugf("MCP %s to %s resumed after event %s: HTTP %d", what, label, last.lastEventId(), next.status());
            if (next.status() / 100 != 2 || !next.stream()) {
                throw new McpException.Protocol(label + " cannot resume its event stream for " + what
                        + " (GET with Last-Event-ID answered HTTP " + next.status() + ")");
            }
            last = new ReplyReader.Reply(next.status(), next.headers(), next.message(), null, true,
                    next.lastEventId() != null ? next.lastEventId() : last.lastEventId(),
                    next.retryMillis() >= 0 ? next.retryMillis() : last.retryMillis());
        }
        return last;
    }

    /**
     * Ends the session with {@code DELETE} inside {@code closing}, when the server issued
     * an id; what the server answers does not matter.
     *
     * @throws IllegalStateException when the credential was forgotten
     */
    void delete(Deadline closing) {
        if (sessionId != null) {
            closingRetry(() -> http.send(HttpMethod.DELETE, url, headers(), null, closing, label), closing, "DELETE");
        }
    }

    /** Whether {@link #forget()} was called. */
    boolean forgotten() {
        return authorization == null;
    }

    /** Drops the credential and the session id: no request is made after this. */
    void forget() {
        authorization = null;
        sessionId = null;
    }

    /**
     * A closing request (the session's end, a cancellation) is sent once more when its
     * connection was lost before an answer. Seen once in CI: the deadline reset a poll in
     * flight and the session's {@code DELETE}, sent right after, never reached the
     * workspace; a pooled connection still being closed is the likely cause, not proven.
     * Requests of a running turn are not repeated (a tool call could run twice).
     */
    private static <T> T closingRetry(Supplier<T> request, Deadline deadline, String what) {
        for (int attempt = 0;; attempt++) {
            try {
                return request.get();
            } catch (UpstreamException e) {
                if (deadline.cancellable() || !e.connectionLost() || !CLOSING.mayRetry(attempt)
                        || !CLOSING.affords(CLOSING.pause(attempt, null), deadline)) {
                    throw e;
                }
                LOG.debugf("MCP %s: connection lost, sent once more", what);
            }
        }
    }

    private MultiMap headers() {
        Supplier<String> current = authorization;
        if (current == null) {
            throw new IllegalStateException("the MCP session with " + label + " is closed");
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.set("Authorization", current.get());
        if (sessionId != null) {
            headers.set("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null && !protocolVersion.equals(WITHOUT_VERSION_HEADER)) {
            headers.set("MCP-Protocol-Version", protocolVersion); // from 2025-06-18 on
        }
        return headers;
    }

    private McpException.Http refusal(ReplyReader.Reply reply) {
        return new McpException.Http(label, reply.status(), reply.errorBody(),
                RetryAfter.parse(reply.headers() == null ? null : reply.headers().get("Retry-After")));
    }
}
