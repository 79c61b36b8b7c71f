package dev.genieobo.genie;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.mcp.McpClient;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.McpTool;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.runtime.Workers;
import dev.genieobo.upstream.WorkspaceConfig;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The Genie spaces of one request, as one user. The tools offered to the LLM come
 * from configuration and the Genie contract ({@link #tools}: one
 * {@code query_space_<id>} per space, polling hidden), so the first LLM call need
 * not wait for Genie. {@link #open} starts an MCP session per space
 * (concurrently; {@code initialize} only, no {@code tools/list}). A space that
 * answers 401/403 is left out and named; the result is a {@link GenieToolbox}
 * that must be closed by the request.
 */
@ApplicationScoped
public class GenieConnector {

    static final String QUERY_PREFIX = "query_space_";
    static final String POLL_PREFIX = "poll_response_";

    private final McpClient mcp;
    private final WorkspaceConfig workspace;
    private final GenieConfig config;
    private final Workers workers;
    private final GenieResultParser parser;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final QuestionLimiter limiter;
    private final Map<String, McpTool> contractTools = new java.util.concurrent.ConcurrentHashMap<>();

    public GenieConnector(McpClient mcp, WorkspaceConfig workspace, GenieConfig config, Workers workers,
            ObjectMapper mapper, Tracer tracer, QuestionLimiter limiter) {
        this.tracer = tracer;
        this.limiter = limiter;
        this.mcp = mcp;
        this.workspace = workspace;
        this.config = config;
        this.workers = workers;
        this.parser = new GenieResultParser(mapper);
        this.mapper = mapper;
    }

    /**
     * The tools to offer the LLM for these spaces, in order: one {@code query_space_<id>}
     * per space, with the description configured for it (or a generic one). Built from
     * configuration only, so nothing of any caller is in them.
     */
    public List<McpTool> tools(List<String> spaceIds) {
        List<McpTool> tools = new ArrayList<>(spaceIds.size());
        for (String spaceId : spaceIds) {
            tools.add(contractTools.computeIfAbsent(spaceId, this::contractTool));
        }
        return tools;
    }

    private McpTool contractTool(String spaceId) {
        String description = config.spaceDescriptions().get(spaceId);
        if (description == null || description.isBlank()) {
            description = "Ask the Databricks Genie space " + spaceId + " a question about the company's data, "
                    + "in natural language. Genie writes and runs SQL with the current user's permissions and "
                    + "returns the SQL, the result rows and a short explanation.";
        }
        com.fasterxml.jackson.databind.node.ObjectNode schema = mapper.createObjectNode().put("type", "object");
        com.fasterxml.jackson.databind.node.ObjectNode properties = schema.putObject("properties");
        properties.putObject("query").put("type", "string")
                .put("description", "The question for Genie, self-contained (Genie does not see this chat).");
        properties.putObject("conversation_id").put("type", "string")
                .put("description", "Continue this Genie conversation (optional).");
        schema.putArray("required").add("query");
        return new McpTool(QUERY_PREFIX + spaceId, description, schema);
    }

    public String spaceUrl(String spaceId) {
        return workspace.baseUrl() + "/api/2.0/mcp/genie/" + spaceId;
    }

    /**
     * @throws NoUsableSpaceException when every space refused the caller (403)
     * @throws dev.genieobo.identity.Unauthenticated when a space refused the caller's token (401)
     * @throws UpstreamException when a space could not be reached or spoke no Genie MCP
     */
    public GenieToolbox open(UserCredential credential, List<String> spaceIds, Deadline deadline) {
        Map<String, Future<GenieSpaceSession>> pending = new LinkedHashMap<>();
        for (String spaceId : spaceIds) {
            pending.put(spaceId, workers.submit(() -> openSpace(credential, spaceId, deadline)));
        }
        List<GenieSpaceSession> open = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        RuntimeException failure = null;
        for (Map.Entry<String, Future<GenieSpaceSession>> entry : pending.entrySet()) {
            try {
                open.add(entry.getValue().get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof McpException.Http http && http.status() == 403) {
                    unavailable.add(entry.getKey());
                } else if (cause instanceof McpException.Http http && http.status() == 401) {
                    failure = GenieRefusal.endsTurn(entry.getKey(), http); // the token itself: no space will take it
                } else if (failure == null) {
                    failure = asTurnFailure(entry.getKey(), cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new UpstreamException("interrupted while opening Genie spaces");
            }
        }
        GenieToolbox toolbox = new GenieToolbox(open, unavailable, parser, config, mapper, tracer, limiter);
        if (failure != null) {
            toolbox.close();
            throw failure;
        }
        if (open.isEmpty()) {
            toolbox.close();
            throw new NoUsableSpaceException(unavailable);
        }
        return toolbox;
    }

    /** Opens one space's session; a handshake refused for load is tried again while the deadline allows. */
    private GenieSpaceSession openSpace(UserCredential credential, String spaceId, Deadline deadline) {
        for (int attempt = 0;; attempt++) {
            try {
                return new GenieSpaceSession(spaceId, mcp.connect(spaceUrl(spaceId), credential::authorizationHeader,
                        deadline, "Genie space " + spaceId));
            } catch (McpException e) {
                GenieRefusal.RateLimit limit = GenieRefusal.rateLimit(e);
                if (limit == null) {
                    throw e;
                }
                GenieRefusal.waitToRetry(limit, attempt, config.rateLimitBackoff(), deadline,
                        "the MCP handshake with Genie space " + spaceId);
            }
        }
    }

    private static RuntimeException asTurnFailure(String spaceId, Throwable cause) {
        if (cause instanceof McpException.Http http && GenieRefusal.endsTurn(spaceId, http) != null) {
            return GenieRefusal.endsTurn(spaceId, http);
        }
        if (!(cause instanceof McpException) && cause instanceof RuntimeException runtime) {
            return runtime; // deadline, cancellation, rate limit, unreachable: as they are
        }
        if (cause instanceof McpException mcp) {
            return new UpstreamException(mcp.getMessage(), mcp instanceof McpException.Http h ? h.status() : 0);
        }
        return new UpstreamException("Genie space " + spaceId + " failed ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")");
    }
}
