package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamHttp;
import io.opentelemetry.api.OpenTelemetry;
import dev.genieobo.telemetry.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A small MCP Streamable HTTP client. It holds nothing per caller: each
 * {@link #connect} returns a new {@link McpSession} that authenticates with the
 * {@code Authorization} value it is given (one caller's, for one request) over the
 * shared {@link UpstreamHttp} pool. It knows no credential type of its own.
 */
@ApplicationScoped
public class McpClient {

    /** The revision asked for: the newest this client implements ({@link McpSession#ACCEPTED_VERSIONS}). */
    public static final String PROTOCOL_VERSION = "2025-11-25";

    private final UpstreamHttp http;
    private final ObjectMapper mapper;

    private final Tracer tracer;

    /** For plain unit tests: no tracing. */
    public McpClient(UpstreamHttp http, ObjectMapper mapper) {
        this(http, mapper, OpenTelemetry.noop().getTracer("noop"));
    }

    @Inject
    public McpClient(UpstreamHttp http, ObjectMapper mapper, Tracer tracer) {
        this.http = http;
        this.mapper = mapper;
        this.tracer = tracer;
    }

    /**
     * Opens a session: {@code initialize}, awaited, then {@code notifications/initialized},
     * sent without waiting (the session waits for it when it closes).
     *
     * @param label names the server in error messages
     */
    public McpSession connect(String url, java.util.function.Supplier<String> authorization, Deadline deadline,
            String label) {
        McpSession session = new McpSession(new StreamableHttp(http, mapper, url, authorization, label), mapper, label,
                deadline);
        Span span = tracer.spanBuilder("mcp initialize").setSpanKind(SpanKind.CLIENT)
                .setAttribute("mcp.method.name", "initialize")
                .setAttribute("genie_obo.mcp.server", label)
                .startSpan();
        return Spans.within(span, () -> {
            try {
                session.initialize(deadline);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            span.setAttribute("mcp.protocol.version", session.protocolVersion());
            return session;
        });
    }
}
