package dev.genieobo.genie;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.mcp.McpClient;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.McpSession;
import dev.genieobo.mcp.McpTool;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.RetryPolicy;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.runtime.Workers;
import dev.genieobo.upstream.WorkspaceConfig;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The Genie of one request, as one user: the configured spaces
 * ({@code genie-obo.genie.server=spaces}) or the workspace's Genie
 * ({@code server=workspace}). The tools offered to the LLM come from configuration
 * and the Genie contract ({@link #tools}: one {@code query_space_<id>} per space, or
 * one {@value #WORKSPACE_TOOL}; polling hidden), so the first LLM call need not wait
 * for Genie. {@link #open} starts an MCP session per space (concurrently;
 * {@code initialize} only, no {@code tools/list}), or one with the workspace's Genie
 * (whose {@code tools/list} is read and checked on the first session of the process,
 * {@link WorkspaceGenieTools}). A space that answers 401/403 is left out and named;
 * the result is a {@link GenieToolbox} that must be closed by the request.
 */
@ApplicationScoped
public class GenieConnector {

    private static final Logger LOG = Logger.getLogger(GenieConnector.class);
    static final String QUERY_PREFIX = "query_space_";
    static final String POLL_PREFIX = "poll_response_";
    /** What turns, conversation ids and outputs call the workspace's Genie, where they name spaces by id. */
    public static final String WORKSPACE = "workspace";
    /** The one tool the LLM is offered with {@code server=workspace}. */
    static final String WORKSPACE_TOOL = "genie_ask";

    private final McpClient mcp;
    private final WorkspaceConfig workspace;
    private final GenieConfig config;
    private final Workers workers;
    private final GenieResultParser parser;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final QuestionLimiter limiter;
    private final Map<String, McpTool> contractTools = new java.util.concurrent.ConcurrentHashMap<>();
    /** The workspace Genie's tools as its first session of this process listed them; null until then. */
    private volatile WorkspaceGenieTools workspaceTools;
    private final java.util.concurrent.locks.ReentrantLock listing = new java.util.concurrent.locks.ReentrantLock();

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

    /** Fails the start when spaces mode has no space to ask. */
    void checkAtStartup(@Observes StartupEvent started) {
        if (config.server() == GenieConfig.Server.SPACES && config.spaceIds().orElse(List.of()).isEmpty()) {
            throw new IllegalStateException("genie-obo.genie.space-ids (GENIE_OBO_GENIE_SPACE_IDS) is required with "
                    + "genie-obo.genie.server=spaces; or set genie-obo.genie.server=workspace to ask the workspace's Genie");
        }
    }

    /**
     * What a turn may ask, as turns and outputs name it: the configured space ids, or
     * {@value #WORKSPACE} alone for the workspace's Genie.
     */
    public List<String> targets() {
        return config.server() == GenieConfig.Server.WORKSPACE ? List.of(WORKSPACE)
                : config.spaceIds().orElse(List.of());
    }

    /** Whether the function asks the workspace's Genie rather than configured spaces. */
    public boolean workspaceMode() {
        return config.server() == GenieConfig.Server.WORKSPACE;
    }

    /** How messages name the Genie a turn knows by {@code key}. */
    public static String label(String key) {
        return WORKSPACE.equals(key) ? "the workspace's Genie" : "Genie space " + key;
    }

    /** The tool the LLM calls to ask the Genie a turn knows by {@code key}. */
    static String toolName(String key) {
        return WORKSPACE.equals(key) ? WORKSPACE_TOOL : QUERY_PREFIX + key;
    }

    /**
     * The tools to offer the LLM for these spaces, in order: one {@code query_space_<id>}
     * per space, with the description configured for it (or a generic one), or the
     * workspace Genie's one tool. Built from configuration only, so nothing of any
     * caller is in them.
     */
    public List<McpTool> tools(List<String> spaceIds) {
        List<McpTool> tools = new ArrayList<>(spaceIds.size());
        for (String spaceId : spaceIds) {
            tools.add(contractTools.computeIfAbsent(spaceId, this::contractTool));
        }
        return tools;
    }

    private McpTool contractTool(String spaceId) {
        String description = WORKSPACE.equals(spaceId) ? config.workspaceDescription().orElse(null)
                : config.spaceDescriptions().get(spaceId);
        if (WORKSPACE.equals(spaceId) && (description == null || description.isBlank())) {
            description = "Ask Databricks Genie a question about the company's data, in natural language. Genie "
                    + "chooses the right Genie space itself, writes and runs SQL with the current user's permissions "
                    + "and returns the SQL, the result rows and a short explanation.";
        } else if (description == null || description.isBlank()) {
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
        return new McpTool(toolName(spaceId), description, schema);
    }

    /** The MCP server of a space, or of the workspace's Genie ({@value #WORKSPACE}). */
    public String spaceUrl(String spaceId) {
        return WORKSPACE.equals(spaceId) ? workspace.baseUrl() + "/api/2.0/mcp/genie"
                : workspace.baseUrl() + "/api/2.0/mcp/genie/" + spaceId;
    }

    /**
     * @throws NoUsableSpaceException when every space refused the caller (403)
     * @throws dev.genieobo.identity.Unauthenticated when a space refused the caller's token (401)
     * @throws UpstreamException when a space could not be reached or spoke no Genie MCP, or the
     *         workspace's Genie offers tools this function does not understand
     */
    public GenieToolbox open(UserCredential credential, List<String> spaceIds, Deadline deadline) {
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
            WorkspaceGenieTools tools = workspaceTools(session, deadline);
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

    /**
     * The checked tools of the workspace's Genie: listed once per process (the first
     * sessions wait for the one that lists), the problems logged once. A listing that
     * fails is tried again by the next session.
     */
    private WorkspaceGenieTools workspaceTools(McpSession session, Deadline deadline) {
        WorkspaceGenieTools tools = workspaceTools;
        if (tools != null) {
            return tools;
        }
        listing.lock(); // a lock, not synchronized: the waiting threads are virtual
        try {
            if (workspaceTools == null) {
                tools = WorkspaceGenieTools.check(session.listTools(deadline));
                if (tools.fatal()) {
                    LOG.warnf("Every turn will fail: %s. This function asks Genie with genie_ask(query, "
                            + "conversation_id) and polls with genie_poll_response(conversation_id, response_id).",
                            tools.describe());
                } else if (!tools.problems().isEmpty()) {
                    LOG.warnf("Turns will be answered, but: %s", tools.describe());
                }
                workspaceTools = tools;
            }
            return workspaceTools;
        } finally {
            listing.unlock();
        }
    }

    private McpSession connect(UserCredential credential, String key, Deadline deadline) {
        String label = label(key);
        RetryPolicy retry = GenieRefusal.retryPolicy(config.rateLimitBackoff());
        for (int attempt = 0;; attempt++) {
            try {
                return mcp.connect(spaceUrl(key), credential::authorizationHeader, deadline, label);
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
            return new UpstreamException(DatabricksError.describe(mcp), mcp instanceof McpException.Http h ? h.status() : 0);
        }
        return new UpstreamException("Genie space " + spaceId + " failed ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")");
    }
}
