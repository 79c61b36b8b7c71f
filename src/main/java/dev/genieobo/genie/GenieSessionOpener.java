package dev.genieobo.genie;

import static dev.genieobo.genie.GenieConnector.WORKSPACE;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.mcp.McpClient;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.McpSession;
import dev.genieobo.runtime.Workers;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.RetryPolicy;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.WorkspaceConfig;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Opens the caller's Genie sessions for one request and sorts the refusals. An MCP
 * session per space, concurrently ({@code initialize} only, no {@code tools/list}), or
 * one with the workspace's Genie, whose tools are listed and checked on the first
 * session of the process ({@link WorkspaceToolsCache}). A handshake refused for load is
 * tried again while the deadline allows ({@link GenieRefusal#waitToRetry}). A space
 * that answers 403 is left out and named, unless every space does
 * ({@link NoUsableSpaceException}); a 401 (the token itself) and every other failure end
 * the turn. The result is a {@link GenieToolbox} that the request must close.
 */
final class GenieSessionOpener {

    private final McpClient mcp;
    private final WorkspaceConfig workspace;
    private final GenieConfig config;
    private final Workers workers;
    private final GenieResultParser parser;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final QuestionLimiter limiter;
    private final WorkspaceToolsCache workspaceTools = new WorkspaceToolsCache();

    GenieSessionOpener(McpClient mcp, WorkspaceConfig workspace, GenieConfig config, Workers workers,
            ObjectMapper mapper, Tracer tracer, QuestionLimiter limiter) {
        this.mcp = mcp;
        this.workspace = workspace;
        this.config = config;
        this.workers = workers;
        this.parser = new GenieResultParser(mapper);
        this.mapper = mapper;
        this.tracer = tracer;
        this.limiter = limiter;
    }

    /** The MCP server of a space, or of the workspace's Genie ({@value GenieConnector#WORKSPACE}). */
    private String url(String spaceId) {
        return WORKSPACE.equals(spaceId) ? workspace.baseUrl() + "/api/2.0/mcp/genie"
                : workspace.baseUrl() + "/api/2.0/mcp/genie/" + spaceId;
    }

    /**
     * The caller's sessions with these spaces (or {@value GenieConnector#WORKSPACE} alone),
     * as a toolbox the request must close.
     *
     * @throws NoUsableSpaceException when every space refused the caller (403)
     * @throws dev.genieobo.identity.Unauthenticated when a space refused the caller's token (401)
     * @throws UpstreamException when a space could not be reached or spoke no Genie MCP, or the
     *         workspace's Genie offers tools this function does not understand
     */
    GenieToolbox open(UserCredential credential, List<String> spaceIds, Deadline deadline) {
        if (spaceIds.equals(List.of(WORKSPACE))) {
            return openWorkspace(credential, deadline);
        }
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

    /**
     * Opens the caller's session with the workspace's Genie; on the first session of the
     * process its {@code tools/list} is read and checked. A 403 means the caller may use
     * no Genie at all ({@link NoUsableSpaceException}, with Genie's words).
     */
    private GenieToolbox openWorkspace(UserCredential credential, Deadline deadline) {
        McpSession session;
        try {
            session = connect(credential, WORKSPACE, deadline);
        } catch (McpException e) {
            throw asTurnFailure(WORKSPACE, e);
        }
        try {
            WorkspaceGenieTools tools = workspaceTools.get(session, deadline);
            if (tools.fatal()) {
                throw new UpstreamException("Genie offers tools this function does not understand: " + tools.describe());
            }
            return new GenieToolbox(List.of(new GenieWorkspaceSession(session, tools)), List.of(), parser, config,
                    mapper, tracer, limiter);
        } catch (RuntimeException e) {
            session.close();
            throw e instanceof McpException mcpFailure ? asTurnFailure(WORKSPACE, mcpFailure) : e;
        }
    }

    private McpSession connect(UserCredential credential, String key, Deadline deadline) {
        String label = GenieConnector.label(key);
        RetryPolicy retry = GenieRefusal.retryPolicy(config.rateLimitBackoff());
        for (int attempt = 0;; attempt++) {
            try {
                return mcp.connect(url(key), credential::authorizationHeader, deadline, label);
            } catch (McpException e) {
                GenieRefusal.RateLimit limit = GenieRefusal.rateLimit(e);
                if (limit == null) {
                    throw e;
                }
                GenieRefusal.waitToRetry(limit, attempt, retry, deadline,
                        "the MCP handshake with " + label);
            }
        }
    }

    /** Opens one space's session; a handshake refused for load is tried again while the deadline allows. */
    private GenieSpaceSession openSpace(UserCredential credential, String spaceId, Deadline deadline) {
        return new GenieSpaceSession(spaceId, connect(credential, spaceId, deadline));
    }

    private static RuntimeException asTurnFailure(String spaceId, Throwable cause) {
        if (cause instanceof McpException.Http http && GenieRefusal.endsTurn(spaceId, http) != null) {
            return GenieRefusal.endsTurn(spaceId, http);
        }
        if (!(cause instanceof McpException) && cause instanceof RuntimeException runtime) {
            return runtime; // deadline, cancellation, rate limit, unreachable: as they are
        }
        if (cause instanceof McpException mcp) {
            return new UpstreamException(DatabricksError.describe(mcp),
                    mcp instanceof McpException.Http h ? h.status() : 0);
        }
        return new UpstreamException("Genie space " + spaceId + " failed ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")");
    }
}
