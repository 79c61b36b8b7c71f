package dev.genieobo.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.upstream.SseParser;
import dev.genieobo.upstream.BodyReader;
import dev.genieobo.upstream.UpstreamException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads one chat-completions answer as it arrives: a JSON {@code chat.completion},
 * or, when streaming, {@code chat.completion.chunk} events (OpenAI's format, which
 * Databricks serving endpoints follow). Text deltas go to the listener the moment
 * they arrive; tool calls are assembled from their deltas by {@code index} (the
 * first delta of a call brings its id and name, later ones pieces of its arguments);
 * usage comes from the final chunk ({@code stream_options.include_usage}). An
 * endpoint that answers JSON to a streaming request is read as JSON.
 */
final class ChatCompletionReader implements BodyReader<ChatCompletionReader.Answer> {

    /** The HTTP outcome: a reply for a 2xx, else the status and error body. */
    record Answer(int status, MultiMap headers, LlmReply reply, Buffer errorBody) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final ObjectMapper mapper;
    private final String endpoint;
    private final Consumer<String> onText;
    private int status;
    private MultiMap headers;
    private SseParser sse;
    private final Buffer body = Buffer.buffer();
    private final StringBuilder content = new StringBuilder();
    private final TreeMap<Integer, ToolCallParts> calls = new TreeMap<>();
    private String finishReason;
    private Usage usage = Usage.ZERO;
    private boolean ended;
    private boolean textSent;

    /** @param onText gets each piece of text, in order (on an event-loop thread); null: nobody watches */
    ChatCompletionReader(ObjectMapper mapper, String endpoint, Consumer<String> onText) {
        this.mapper = mapper;
        this.endpoint = endpoint;
        this.onText = onText;
    }

    /** Whether any text already went to the listener (a retry would repeat it). */
    boolean textSent() {
        return textSent;
    }

    @Override
    public void head(int status, MultiMap headers) {
        this.status = status;
        this.headers = headers;
        String type = headers.get("Content-Type");
        if (status / 100 == 2 && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            sse = new SseParser(this::onEvent);
        }
    }

    @Override
    public boolean chunk(Buffer chunk) {
        if (sse != null) {
            return sse.feed(chunk.getBytes());
        }
        body.appendBuffer(chunk);
        return false;
    }

    @Override
    public Answer finish() {
        if (status / 100 != 2) {
            return new Answer(status, headers, null, body);
        }
        if (sse == null) {
            return new Answer(status, headers, decode(mapper, endpoint, body), null);
        }
        sse.end();
        if (!ended && finishReason == null) {
            throw new UpstreamException("the LLM endpoint " + endpoint + " ended its stream before the answer was complete");
        }
        List<LlmToolCall> toolCalls = new ArrayList<>();
        calls.values().forEach(call -> toolCalls.add(call.toCall()));
        String reason = finishReason != null ? finishReason : toolCalls.isEmpty() ? "stop" : "tool_calls";
        return new Answer(status, headers, new LlmReply(content.toString(), List.copyOf(toolCalls), reason, usage), null);
    }

    /** One {@code data:} of the stream; true once {@code [DONE]} arrived. */
    private boolean onEvent(String data) {
        if ("[DONE]".equals(data.strip())) {
            ended = true;
            return true;
        }
        JsonNode chunk;
        try {
            chunk = mapper.readTree(data);
        } catch (IOException e) {
            throw new UpstreamException("the LLM endpoint " + endpoint + " streamed an event that is not JSON");
        }
        if (chunk.has("error")) {
            throw new UpstreamException("the LLM endpoint " + endpoint + " failed while streaming: "
                    + oneLine(chunk.path("error").path("message").asText(chunk.path("error").toString())));
        }
        JsonNode usageNode = chunk.get("usage");
        if (usageNode != null && usageNode.isObject()) {
            usage = usage(usageNode);
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue; // one completion was asked for
            }
            JsonNode delta = choice.path("delta");
            String text = text(delta.path("content"));
            if (!text.isEmpty()) {
                content.append(text);
                if (onText != null) {
                    textSent = true;
                    onText.accept(text);
                }
            }
            for (JsonNode call : delta.path("tool_calls")) {
                calls.computeIfAbsent(call.path("index").asInt(calls.size()), i -> new ToolCallParts()).add(call);
            }
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && reason.isTextual()) {
                finishReason = reason.asText();
            }
        }
        return false;
    }

    /** A tool call being assembled from its deltas. */
    private static final class ToolCallParts {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void add(JsonNode delta) {
            if (id == null && delta.hasNonNull("id")) {
                id = delta.get("id").asText();
            }
            JsonNode function = delta.path("function");
            if (name == null && function.hasNonNull("name") && !function.get("name").asText().isEmpty()) {
                name = function.get("name").asText();
            }
            JsonNode piece = function.get("arguments");
            if (piece != null && !piece.isNull()) {
                arguments.append(piece.isTextual() ? piece.asText() : piece.toString());
            }
        }

        LlmToolCall toCall() {
            return new LlmToolCall(id == null ? "" : id, name == null ? "" : name,
                    arguments.isEmpty() ? "{}" : arguments.toString());
        }
    }

    /** A whole (not streamed) {@code chat.completion}. */
    static LlmReply decode(ObjectMapper mapper, String endpoint, Buffer body) {
        JsonNode root;
        try {
            root = mapper.readTree(body.getBytes());
        } catch (IOException e) {
            throw new UpstreamException("the LLM endpoint " + endpoint + " answered with invalid JSON");
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        if (message.isMissingNode()) {
            throw new UpstreamException("the LLM endpoint " + endpoint + " answered without a message");
        }
        List<LlmToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            calls.add(new LlmToolCall(call.path("id").asText(), function.path("name").asText(),
                    arguments.isTextual() ? arguments.asText() : arguments.isMissingNode() ? "{}" : arguments.toString()));
        }
        return new LlmReply(text(message.path("content")), List.copyOf(calls),
                choice.path("finish_reason").asText(calls.isEmpty() ? "stop" : "tool_calls"), usage(root.path("usage")));
    }

    private static Usage usage(JsonNode usage) {
        return new Usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
                usage.path("total_tokens").asLong());
    }

    /** Content is a string, or a list of parts of which the text parts count. */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    out.append(part.asText());
                } else if ("text".equals(part.path("type").asText())) {
                    out.append(part.path("text").asText());
                }
            }
            return out.toString();
        }
        return "";
    }

    private static String oneLine(String message) {
        String line = message.replaceAll("[\\r\\n]+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
