package dev.genieobo.genie;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.mcp.McpClient;
import dev.genieobo.mcp.McpTool;
import dev.genieobo.runtime.Workers;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.WorkspaceConfig;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The Genie a turn asks, as one user: the configured spaces
 * ({@code genie-obo.genie.server=spaces}) or the workspace's Genie
 * ({@code server=workspace}), and where a request reaches it. The tools offered to the
 * LLM ({@link #tools}) are the {@link OfferedTools}, known without asking Genie, so the
 * first LLM call need not wait for it; {@link #open} opens the caller's sessions
 * ({@link GenieSessionOpener}) and returns them as a {@link GenieToolbox} that must be
 * closed by the request.
 */
@ApplicationScoped
public class GenieConnector {

    /** What turns, conversation ids and outputs call the workspace's Genie, where they name spaces by id. */
    public static final String WORKSPACE = "workspace";

    private final GenieConfig config;
    private final OfferedTools offered;
    private final GenieSessionOpener opener;

    public GenieConnector(McpClient mcp, WorkspaceConfig workspace, GenieConfig config, Workers workers,
            ObjectMapper mapper, Tracer tracer, QuestionLimiter limiter) {
        this.config = config;
        this.offered = new OfferedTools(config, mapper);
        this.opener = new GenieSessionOpener(mcp, workspace, config, workers, mapper, tracer, limiter);
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

    /**
     * The tools to offer the LLM for these spaces, in order ({@link OfferedTools}).
     * Built from configuration only, so nothing of any caller is in them.
     */
    public List<McpTool> tools(List<String> spaceIds) {
        return offered.tools(spaceIds);
    }

    /**
     * The caller's sessions with these spaces, or with the workspace's Genie
     * ({@link GenieSessionOpener#open}, which says what ends the turn).
     *
     * @throws NoUsableSpaceException when every space refused the caller (403)
     * @throws dev.genieobo.identity.Unauthenticated when a space refused the caller's token (401)
     * @throws dev.genieobo.upstream.UpstreamException when a space could not be reached or spoke no
     *         Genie MCP, or the workspace's Genie offers tools this function does not understand
     */
    public GenieToolbox open(UserCredential credential, List<String> spaceIds, Deadline deadline) {
        return opener.open(credential, spaceIds, deadline);
    }
}
