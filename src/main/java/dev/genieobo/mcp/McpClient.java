package dev.genieobo.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamHttp;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A small MCP Streamable HTTP client. It holds nothing per caller: each
 * {@link #connect} returns a new {@link McpSession} bound to one user's
 * credential for one request, over the shared {@link UpstreamHttp} pool.
 */
@ApplicationScoped
public class McpClient {

    public static final String PROTOCOL_VERSION = "2025-06-18";

    private final UpstreamHttp http;
    private final ObjectMapper mapper;

    public McpClient(UpstreamHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    /**
     * Opens a session: {@code initialize}, then {@code notifications/initialized}.
     *
     * @param label names the server in error messages
     */
    public McpSession connect(String url, UserCredential credential, Deadline deadline, String label) {
        McpSession session = new McpSession(http, mapper, url, credential, label);
        try {
            session.initialize(deadline);
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
