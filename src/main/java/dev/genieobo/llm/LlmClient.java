package dev.genieobo.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.identity.SystemIdentity;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.RateLimitedException;
import dev.genieobo.upstream.RetryAfter;
import dev.genieobo.upstream.RetryPolicy;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import dev.genieobo.upstream.WorkspaceConfig;
import io.opentelemetry.api.common.AttributeKey;
import dev.genieobo.telemetry.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jboss.logging.Logger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * OpenAI-compatible chat completions on a Databricks serving endpoint
 * ({@code POST {host}/serving-endpoints/chat/completions}), always as the
 * function's {@link SystemIdentity}. It has no way to take a user credential.
 * 429, 5xx and lost connections are retried with exponential backoff
 * ({@link RetryPolicy}), never past the turn's deadline.
 */
@ApplicationScoped
public class LlmClient {

    private static final Logger LOG = Logger.getLogger(LlmClient.class);

    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final SystemIdentity system;
    private final LlmConfig config;
    private final String url;
    private final Tracer tracer;
    /** {@code Retry-After} as given, else {@code retry-backoff} doubled up to 10 times with jitter; {@code max-retries}. */
    private final RetryPolicy retry;

    /** For plain unit tests: no tracing. */
    LlmClient(UpstreamHttp http, ObjectMapper mapper, SystemIdentity system, LlmConfig config,
            WorkspaceConfig workspace) {
        this(http, mapper, system, config, workspace, io.opentelemetry.api.OpenTelemetry.noop().getTracer("noop"));
    }

    @jakarta.inject.Inject
    public LlmClient(UpstreamHttp http, ObjectMapper mapper, SystemIdentity system, LlmConfig config,
            WorkspaceConfig workspace, Tracer tracer) {
        this.tracer = tracer;
        this.http = http;
        this.mapper = mapper;
        this.system = system;
        this.config = config;
        this.url = workspace.baseUrl() + "/serving-endpoints/chat/completions";
        this.retry = RetryPolicy.doubling(config.retryBackoff(), 10).retries(config.maxRetries());
    }

    public LlmReply complete(List<LlmMessage> messages, List<LlmTool> tools, Deadline deadline) {
        return call(messages, tools, deadline, null);
    }

    /**
     * The same call with {@code "stream": true}: each piece of the answer's text goes to
     * {@code onText} as the endpoint sends it (on an event-loop thread, in order); tool
     * calls and usage are assembled from the stream. A call that already sent text is
     * not retried (the caller would see it twice).
     */
    public LlmReply stream(List<LlmMessage> messages, List<LlmTool> tools, Deadline deadline,
            java.util.function.Consumer<String> onText) {
        return call(messages, tools, deadline, onText);
    }

    private LlmReply call(List<LlmMessage> messages, List<LlmTool> tools, Deadline deadline,
            java.util.function.Consumer<String> onText) {
        Span span = tracer.spanBuilder("chat " + config.endpoint())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.request.model", config.endpoint())
                .setAttribute(AttributeKey.longKey("genie_obo.llm.messages"), (long) messages.size())
                .startSpan();
        return Spans.within(span, () -> {
            LlmReply reply = callInSpan(messages, tools, deadline, onText, span);
            span.setAttribute("gen_ai.usage.input_tokens", reply.usage().promptTokens());
            span.setAttribute("gen_ai.usage.output_tokens", reply.usage().completionTokens());
            span.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of(reply.finishReason()));
            span.setAttribute(AttributeKey.longKey("genie_obo.llm.tool_calls"), (long) reply.toolCalls().size());
            return reply;
        });
    }

    private LlmReply callInSpan(List<LlmMessage> messages, List<LlmTool> tools, Deadline deadline,
            java.util.function.Consumer<String> onText, Span span) {
        boolean streaming = onText != null;
        Buffer body = Buffer.buffer(encode(messages, tools, streaming));
        int attempt = 0;
        while (true) {
            String retryable;
            Duration retryAfter = null;
            boolean rateLimited = false;
            MultiMap headers = headers(deadline);
            if (streaming) {
                headers.set("Accept", "text/event-stream");
            }
            span.setAttribute(AttributeKey.longKey("genie_obo.attempts"), (long) attempt + 1);
            ChatCompletionReader reader = new ChatCompletionReader(mapper, config.endpoint(), onText);
            try {
                ChatCompletionReader.Answer answer = http.send(HttpMethod.POST, url, headers, body, deadline,
                        "the LLM endpoint " + config.endpoint(), reader);
                LOG.debugf("LLM call to %s: HTTP %d (attempt %d)", config.endpoint(), answer.status(), attempt + 1);
                if (answer.ok()) {
                    return answer.reply();
                }
                int status = answer.status();
                if (status != 429 && status < 500) {
                    throw new UpstreamException("the LLM endpoint " + config.endpoint() + " answered HTTP " + status
                            + errorText(answer.errorBody()), status);
                }
                retryable = "HTTP " + status;
                rateLimited = status == 429;
                retryAfter = RetryAfter.parse(answer.headers() == null ? null : answer.headers().get("Retry-After"));
            } catch (UpstreamException e) {
                if (!e.connectionLost() || reader.textSent() || Thread.currentThread().isInterrupted()) {
                    throw e; // an answer we cannot use, a stream the caller already saw part of, or an abandoned call
                }
                retryable = e.getMessage();
            }
            Duration pause = retry.pause(attempt, retryAfter);
            boolean last = !retry.mayRetry(attempt);
            boolean fits = retry.affords(pause, deadline);
            if (rateLimited && (last || !fits)) {
                throw new RateLimitedException("the LLM endpoint " + config.endpoint()
                        + " is refusing requests for load (HTTP 429) after " + (attempt + 1) + " attempts", pause);
            }
            if (last) {
                throw new UpstreamException("the LLM endpoint " + config.endpoint() + " failed after "
                        + (attempt + 1) + " attempts (last: " + retryable + ")");
            }
            if (!fits) {
                throw deadline.exceeded("waiting to retry the LLM endpoint (" + retryable + ")");
            }
            deadline.sleep(pause, "waiting to retry the LLM endpoint");
            attempt++;
        }
    }

    private MultiMap headers(Deadline deadline) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> header : system.headers(deadline).entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        headers.set("Content-Type", "application/json");
        headers.set("Accept", "application/json");
        return headers;
    }

    byte[] encode(List<LlmMessage> messages, List<LlmTool> tools) {
        return encode(messages, tools, false);
    }

    byte[] encode(List<LlmMessage> messages, List<LlmTool> tools, boolean stream) {
        ObjectNode request = mapper.createObjectNode();
        request.put("model", config.endpoint());
        if (stream) {
            request.put("stream", true);
            request.putObject("stream_options").put("include_usage", true);
        }
        ArrayNode list = request.putArray("messages");
        for (LlmMessage message : messages) {
            ObjectNode m = list.addObject();
            m.put("role", message.role());
            boolean calls = !message.toolCalls().isEmpty();
            String content = message.content();
            // Some endpoints (Claude) refuse empty assistant content next to tool_calls
            m.put("content", calls && (content == null || content.isBlank()) ? " " : content == null ? "" : content);
            if (calls) {
                ArrayNode toolCalls = m.putArray("tool_calls");
                for (LlmToolCall call : message.toolCalls()) {
                    ObjectNode c = toolCalls.addObject();
                    c.put("id", call.id());
                    c.put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            if (message.toolCallId() != null) {
                m.put("tool_call_id", message.toolCallId());
            }
            if (message.name() != null && "tool".equals(message.role())) {
                m.put("name", message.name());
            }
        }
        if (!tools.isEmpty()) {
            ArrayNode array = request.putArray("tools");
            for (LlmTool tool : tools) {
                ObjectNode function = array.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                function.put("description", tool.description());
                function.set("parameters", tool.parameters() == null || tool.parameters().isMissingNode()
                        ? mapper.createObjectNode().put("type", "object") : tool.parameters());
            }
        }
        config.maxTokens().ifPresent(max -> request.put("max_tokens", max));
        try {
            return mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the LLM request", e);
        }
    }

    LlmReply decode(Buffer body) {
        return ChatCompletionReader.decode(mapper, config.endpoint(), body);
    }

    private String errorText(Buffer body) {
        try {
            JsonNode node = mapper.readTree(body.getBytes());
            String message = node.path("message").asText(node.path("error").path("message").asText(""));
            if (!message.isBlank()) {
                String oneLine = message.replaceAll("[\\r\\n]+", " ");
                return ": " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine);
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: the status says enough
        }
        return "";
    }
}
