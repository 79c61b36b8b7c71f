package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.RetryAfter;
import dev.genieobo.upstream.TurnCancelledException;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import org.jboss.logging.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP session with one server, for one request, as one user. It keeps the
 * server's {@code Mcp-Session-Id} (when one is issued) and the negotiated
 * protocol version; {@link #close()} ends the session with {@code DELETE} and
 * forgets the credential. Thread-safe for concurrent tool calls.
 */
public final class McpSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(McpSession.class);
    /** The revisions this client implements; it asks for the newest ({@link McpClient#PROTOCOL_VERSION}). */
    static final List<String> ACCEPTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    /** Most resumptions of one response's event stream, and the pause between two when the server names none. */
    private static final int MAX_RESUMES = 100;
    private static final java.time.Duration RESUME_PAUSE = java.time.Duration.ofMillis(50);
    private static final java.time.Duration MAX_RETRY = java.time.Duration.ofSeconds(10);

    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final String url;
    private final String label;
    /** The turn's deadline: requests run inside it, closing requests inside its {@link Deadline#closing()}. */
    private final Deadline deadline;
    private final AtomicLong ids = new AtomicLong();
    /** The value of the Authorization header of every request; null once closed. */
    private volatile Supplier<String> authorization;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile UpstreamHttp.Exchange<RpcReplyReader.Reply> initialized;

    McpSession(UpstreamHttp http, ObjectMapper mapper, String url, Supplier<String> authorization, String label,
            Deadline deadline) {
        this.http = http;
        this.deadline = deadline;
        this.mapper = mapper;
        this.url = url;
        this.authorization = authorization;
        this.label = label;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** The session id the server issued, or null when it issued none. */
    public String sessionId() {
        return sessionId;
    }

    void initialize(Deadline deadline) {
        ObjectNode params = mapper.createObjectNode();
        params.put("protocolVersion", McpClient.PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "genie-obo").put("version", "1");
        RpcReplyReader.Reply reply = exchange("initialize", params, deadline);
        String issued = reply.headers() == null ? null : reply.headers().get("Mcp-Session-Id");
        if (issued != null && !issued.isBlank()) {
            sessionId = issued;
        }
        String version = result(reply, "initialize").path("protocolVersion").asText("");
        if (!ACCEPTED_VERSIONS.contains(version)) {
            throw new McpException.Protocol(label + " answered MCP protocol version '" + McpException.shorten(version)
                    + "', expected one of " + ACCEPTED_VERSIONS);
        }
        protocolVersion = version;
        // Sent, not awaited: MCP lets a client make requests once initialize is answered,
        // so the notification travels beside the first tools/call instead of before it.
        initialized = start(notification("notifications/initialized"), deadline, new RpcReplyReader(mapper, -1));
    }

    /** {@code tools/list}, following {@code nextCursor} pages. */
    public List<McpTool> listTools(Deadline deadline) {
        List<McpTool> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            ObjectNode params = mapper.createObjectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = result(exchange("tools/list", params, deadline), "tools/list");
            for (JsonNode tool : result.path("tools")) {
                tools.add(new McpTool(tool.path("name").asText(), tool.path("description").asText(""),
                        tool.path("inputSchema")));
            }
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return tools;
            }
            cursor = next.asText();
        }
        throw new McpException.Protocol(label + " listed more than 100 pages of tools");
    }

    /** {@code tools/call}; a tool-level failure comes back as {@code isError}, not as an exception. */
    public ToolResult callTool(String name, JsonNode arguments, Deadline deadline) {
        ObjectNode params = mapper.createObjectNode();
        params.put("name", name);
        params.set("arguments", arguments == null ? mapper.createObjectNode() : arguments);
        JsonNode result = result(exchange("tools/call", params, deadline), "tools/call " + name);
        List<String> texts = new ArrayList<>();
        for (JsonNode item : result.path("content")) {
            if ("text".equals(item.path("type").asText())) {
                texts.add(item.path("text").asText());
            }
        }
        JsonNode structured = result.get("structuredContent");
        return new ToolResult(texts, result.path("isError").asBoolean(false),
                structured == null || structured.isNull() ? null : structured);
    }

    private JsonNode result(RpcReplyReader.Reply reply, String method) {
        JsonNode message = reply.message();
        if (message == null) {
            throw new McpException.Protocol(label + " sent no JSON-RPC response to " + method);
        }
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            throw new McpException.Rpc(error.path("code").asInt(),
                    label + " returned an error for " + method + ": " + McpException.shorten(error.path("message").asText()));
        }
        JsonNode result = message.get("result");
        if (result == null || !result.isObject()) {
            throw new McpException.Protocol(label + " sent a response to " + method + " without a result");
        }
        return result;
    }

    private RpcReplyReader.Reply exchange(String method, ObjectNode params, Deadline deadline) {
        long id = ids.incrementAndGet();
        ObjectNode request = mapper.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", method);
        request.set("params", params);
        RpcReplyReader.Reply reply = closingRetry(() -> post(request, deadline, new RpcReplyReader(mapper, id)),
                deadline, method);
        LOG.debugf("MCP %s to %s: HTTP %d", method, label, reply.status());
        if (reply.status() / 100 != 2) {
            throw httpError(reply);
        }
        if (reply.stream() && reply.message() == null) {
            return resume(reply, id, deadline, method);
        }
        return reply;
    }

    /**
     * The server ended the response's event stream before the response (MCP 2025-11-25
     * lets a server do so during a long operation, after an event with an id): the
     * stream is resumed with {@code GET} and {@code Last-Event-ID}, after the server's
     * {@code retry} hint, inside the deadline and with the caller's token, until the
     * response arrives. A stream with no event id, or a server that cannot resume (no
     * event stream to the {@code GET}), is a protocol error (502).
     */
    private RpcReplyReader.Reply resume(RpcReplyReader.Reply ended, long id, Deadline deadline, String method) {
        RpcReplyReader.Reply last = ended;
        for (int resumed = 0; last.message() == null; resumed++) {
            if (last.lastEventId() == null) {
                throw new McpException.Protocol(label + " ended its event stream before the response to " + method
                        + ", with no event id to resume it from");
            }
            if (resumed == MAX_RESUMES) {
                throw new McpException.Protocol(label + " had not answered " + method + " after " + MAX_RESUMES
                        + " resumptions of its event stream");
            }
            java.time.Duration pause = last.retryMillis() >= 0 ? java.time.Duration.ofMillis(last.retryMillis()) : RESUME_PAUSE;
            deadline.sleep(pause.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause, "waiting to resume " + label);
            MultiMap headers = headers();
            headers.set("Accept", "text/event-stream");
            headers.set("Last-Event-ID", last.lastEventId());
            RpcReplyReader.Reply next = http.start(HttpMethod.GET, url, headers, null, deadline, label,
                    new RpcReplyReader(mapper, id)).await();
            LOG.debugf("MCP %s to %s resumed after event %s: HTTP %d", method, label, last.lastEventId(), next.status());
            if (next.status() / 100 != 2 || !next.stream()) {
                throw new McpException.Protocol(label + " cannot resume its event stream for " + method
                        + " (GET with Last-Event-ID answered HTTP " + next.status() + ")");
            }
            last = new RpcReplyReader.Reply(next.status(), next.headers(), next.message(), null, true,
                    next.lastEventId() != null ? next.lastEventId() : last.lastEventId(),
                    next.retryMillis() >= 0 ? next.retryMillis() : last.retryMillis());
        }
        return last;
    }

    /**
     * A closing request (the session's end, a cancellation) is sent once more when its
     * connection was lost before an answer. Seen once in CI: the deadline reset a poll in
     * flight and the session's {@code DELETE}, sent right after, never reached the
     * workspace; a pooled connection still being closed is the likely cause, not proven.
     * Requests of a running turn are not repeated (a tool call could run twice).
     */
    private static <T> T closingRetry(java.util.function.Supplier<T> request, Deadline deadline, String what) {
        try {
            return request.get();
        } catch (UpstreamException e) {
            if (deadline.cancellable() || !e.connectionLost() || deadline.expired()) {
                throw e;
            }
            LOG.debugf("MCP %s: connection lost, sent once more", what);
            return request.get();
        }
    }

    private ObjectNode notification(String method) {
        ObjectNode notification = mapper.createObjectNode();
        notification.put("jsonrpc", "2.0");
        notification.put("method", method);
        return notification;
    }

    private RpcReplyReader.Reply post(ObjectNode message, Deadline deadline, RpcReplyReader reader) {
        return start(message, deadline, reader).await();
    }

    private UpstreamHttp.Exchange<RpcReplyReader.Reply> start(ObjectNode message, Deadline deadline,
            RpcReplyReader reader) {
        MultiMap headers = headers();
        headers.set("Content-Type", "application/json");
        headers.set("Accept", "application/json, text/event-stream");
        try {
            return http.start(HttpMethod.POST, url, headers, Buffer.buffer(mapper.writeValueAsBytes(message)),
                    deadline, label, reader);
        } catch (IOException e) {
            throw new McpException.Protocol("could not encode an MCP request");
        }
    }

    /** Waits for the {@code notifications/initialized} request to end (its answer does not matter). */
    private void awaitInitialized(Deadline closing) {
        UpstreamHttp.Exchange<RpcReplyReader.Reply> pending = initialized;
        if (pending == null) {
            return;
        }
        initialized = null;
        try {
            RpcReplyReader.Reply reply = pending.await(closing);
            if (reply.status() / 100 != 2) {
                LOG.debugf("MCP notifications/initialized to %s: HTTP %d", label, reply.status());
            }
        } catch (UpstreamException | DeadlineExceededException | TurnCancelledException | McpException e) {
            LOG.debugf("MCP notifications/initialized to %s failed (%s)", label, e.getClass().getSimpleName());
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
        if (protocolVersion != null && !protocolVersion.equals("2025-03-26")) {
            headers.set("MCP-Protocol-Version", protocolVersion); // from 2025-06-18 on
        }
        return headers;
    }

    private McpException httpError(RpcReplyReader.Reply reply) {
        String code = null;
        String text = null;
        String body = reply.errorBody();
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = mapper.readTree(body);
                code = node.path("error_code").asText(null);
                text = node.path("message").asText(null);
                if (text == null) {
                    text = node.path("error").path("message").asText(null);
                }
            } catch (IOException notJson) {
                text = body;
            }
        }
        String message = label + " answered HTTP " + reply.status()
                + (code == null ? "" : " " + code)
                + (text == null ? "" : ": " + McpException.shorten(text));
        return new McpException.Http(reply.status(), code, message,
                RetryAfter.parse(reply.headers() == null ? null : reply.headers().get("Retry-After")));
    }

    /**
     * Ends the session ({@code DELETE}, best effort: 404/405 and failures are
     * fine) and drops the credential. Idempotent.
     */
    @Override
    public void close() {
        if (authorization == null) {
            return;
        }
        Deadline closing = deadline.closing();
        try {
            awaitInitialized(closing); // no request of this session is left in flight with the credential
            if (sessionId != null) {
                closingRetry(() -> http.send(HttpMethod.DELETE, url, headers(), null, closing, label), closing,
                        "DELETE"); // a closed credential throws
            }
        } catch (UpstreamException | DeadlineExceededException | IllegalStateException e) {
            // the server forgets idle sessions on its own; nothing of the caller stays here
            LOG.debugf("ending the MCP session with %s failed (%s)", label, e.getClass().getSimpleName());
        } finally {
            authorization = null;
            sessionId = null;
        }
    }
}
