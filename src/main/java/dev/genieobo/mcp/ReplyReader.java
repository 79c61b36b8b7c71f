package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.upstream.BodyReader;
import dev.genieobo.upstream.SseParser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Reads the reply to one Streamable HTTP request: a JSON body (one message, or an
 * array of them), or an event stream in which other messages (notifications,
 * progress) may come before the one {@code wanted}. Completes as soon as that message
 * is seen. Which message is wanted the session says: this reader knows no JSON-RPC.
 */
final class ReplyReader implements BodyReader<ReplyReader.Reply> {

    /**
     * What came back: the HTTP status and headers, and the wanted message (null for 202 or
     * errors); for an event stream, the last event id and retry hint, to resume one that
     * ended before the wanted message.
     */
    record Reply(int status, MultiMap headers, JsonNode message, String errorBody, boolean stream,
            String lastEventId, long retryMillis) {

        Reply(int status, MultiMap headers, JsonNode message, String errorBody) {
            this(status, headers, message, errorBody, false, null, -1);
        }
    }

    private final ObjectMapper mapper;
    private final Predicate<JsonNode> wanted;
    private int status;
    private MultiMap headers;
    private boolean sse;
    private SseParser parser;
    private final Buffer body = Buffer.buffer();
    private JsonNode message;

    ReplyReader(ObjectMapper mapper, Predicate<JsonNode> wanted) {
        this.mapper = mapper;
        this.wanted = wanted;
    }

    @Override
    public void head(int status, MultiMap headers) {
        this.status = status;
        this.headers = headers;
        String type = headers.get("Content-Type");
        this.sse = status / 100 == 2 && type != null && type.toLowerCase().startsWith("text/event-stream");
        if (sse) {
            parser = new SseParser(this::onEvent);
        }
    }

    @Override
    public boolean chunk(Buffer chunk) {
        if (sse) {
            return parser.feed(chunk.getBytes());
        }
        body.appendBuffer(chunk); // bounded by the upstream client's body cap
        return false;
    }

    private boolean onEvent(String data) {
        JsonNode node = parse(data);
        if (node != null && wanted.test(node)) {
            message = node;
            return true;
        }
        return false;
    }

    @Override
    public Reply finish() {
        if (sse) {
            parser.end();
            return new Reply(status, headers, message, null, true, parser.lastEventId(), parser.retryMillis());
        }
        if (status / 100 != 2) {
            return new Reply(status, headers, null, body.toString());
        }
        if (body.length() == 0) {
            return new Reply(status, headers, null, null);
        }
        JsonNode node = parse(body.toString());
        if (node == null) {
            throw new McpException.Protocol("the MCP reply is not JSON");
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (wanted.test(item)) {
                    return new Reply(status, headers, item, null);
                }
            }
            return new Reply(status, headers, null, null);
        }
        return new Reply(status, headers, wanted.test(node) ? node : null, null);
    }

    private JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
