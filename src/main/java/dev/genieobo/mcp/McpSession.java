package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.TurnCancelledException;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * One MCP session with one server, for one request, as one user: the JSON-RPC side
 * (request ids and envelopes, {@code initialize} and the protocol version it
 * negotiates, {@code tools/list}, {@code tools/call}) over its {@link StreamableHttp}
 * transport, which holds the credential and the server's {@code Mcp-Session-Id}.
 * {@link #close()} ends the session and forgets the credential. Thread-safe for
 * concurrent tool calls.
 */
public final class McpSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(McpSession.class);
    /** The revisions this client implements; it asks for the newest ({@link McpClient#PROTOCOL_VERSION}). */
    static final List<String> ACCEPTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    /** A notification has no response to wait for. */
    private static final Predicate<JsonNode> NO_RESPONSE = message -> false;

    private final StreamableHttp transport;
    private final ObjectMapper mapper;
    private final String label;
    /** The turn's deadline: requests run inside it, closing requests inside its {@link Deadline#closing()}. */
    private final Deadline deadline;
    private final AtomicLong ids = new AtomicLong();
    private volatile String protocolVersion;
    private volatile UpstreamHttp.Exchange<ReplyReader.Reply> initialized;

    McpSession(StreamableHttp transport, ObjectMapper mapper, String label, Deadline deadline) {
        this.transport = transport;
        this.mapper = mapper;
        this.label = label;
        this.deadline = deadline;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** The session id the server issued, or null when it issued none. */
    public String sessionId() {
        return transport.sessionId();
    }

    void initialize(Deadline deadline) {
        ObjectNode params = mapper.createObjectNode();
        params.put("protocolVersion", McpClient.PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "genie-obo").put("version", "1");
        ReplyReader.Reply reply = request("initialize", params, deadline);
        transport.adoptSessionId(reply);
        String version = result(reply, "initialize").path("protocolVersion").asText("");
        if (!ACCEPTED_VERSIONS.contains(version)) {
            throw new McpException.Protocol(label + " answered MCP protocol version '" + McpException.shorten(version)
                    + "', expected one of " + ACCEPTED_VERSIONS);
        }
        protocolVersion = version;
        transport.protocolVersion(version);
        // Sent, not awaited: MCP lets a client make requests once initialize is answered,
        // so the notification travels beside the first tools/call instead of before it.
        initialized = transport.start(notification("notifications/initialized"), NO_RESPONSE, deadline);
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
            JsonNode result = result(request("tools/list", params, deadline), "tools/list");
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
        JsonNode result = result(request("tools/call", params, deadline), "tools/call " + name);
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

    private JsonNode result(ReplyReader.Reply reply, String method) {
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

    /** A JSON-RPC request with the next id, and the reply that carries its response. */
    private ReplyReader.Reply request(String method, ObjectNode params, Deadline deadline) {
        long id = ids.incrementAndGet();
        ObjectNode request = mapper.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", method);
        request.set("params", params);
        return transport.post(request, responseTo(id), deadline, method);
    }

    /** The JSON-RPC response to the request with this id: a result or an error. */
    private static Predicate<JsonNode> responseTo(long id) {
        return node -> {
            JsonNode nodeId = node.get("id");
            return nodeId != null && nodeId.canConvertToLong() && nodeId.asLong() == id
                    && (node.has("result") || node.has("error"));
        };
    }

    private ObjectNode notification(String method) {
        ObjectNode notification = mapper.createObjectNode();
        notification.put("jsonrpc", "2.0");
        notification.put("method", method);
        return notification;
    }

    /** Waits for the {@code notifications/initialized} request to end (its answer does not matter). */
    private void awaitInitialized(Deadline closing) {
        UpstreamHttp.Exchange<ReplyReader.Reply> pending = initialized;
        if (pending == null) {
            return;
        }
        initialized = null;
        try {
            ReplyReader.Reply reply = pending.await(closing);
            if (reply.status() / 100 != 2) {
                LOG.debugf("MCP notifications/initialized to %s: HTTP %d", label, reply.status());
            }
        } catch (UpstreamException | DeadlineExceededException | TurnCancelledException | McpException e) {
            LOG.debugf("MCP notifications/initialized to %s failed (%s)", label, e.getClass().getSimpleName());
        }
    }

    /**
     * Ends the session ({@code DELETE}, best effort: 404/405 and failures are
     * fine) and drops the credential. Idempotent.
     */
    @Override
    public void close() {
        if (transport.forgotten()) {
            return;
        }
        Deadline closing = deadline.closing();
        try {
            awaitInitialized(closing); // no request of this session is left in flight with the credential
            transport.delete(closing); // a forgotten credential throws
        } catch (UpstreamException | DeadlineExceededException | IllegalStateException e) {
            // the server forgets idle sessions on its own; nothing of the caller stays here
            LOG.debugf("ending the MCP session with %s failed (%s)", label, e.getClass().getSimpleName());
        } finally {
            transport.forget();
        }
    }
}
