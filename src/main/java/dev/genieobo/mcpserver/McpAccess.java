package dev.genieobo.mcpserver;

import dev.genieobo.identity.AuthConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Which tokens {@code /mcp} accepts. The MCP authorization specification (2025-06-18,
 * 2025-11-25) lets an MCP server accept only tokens issued for it (audience = its
 * resource, RFC 8707) and forbids passing a token it received on to an upstream API.
 * A workspace token names the workspace, not this function, and would go to Genie as
 * it came: passthrough. So:
 *
 * <ul>
 * <li>exchange mode: {@link State#AUDIENCE_BOUND}, tokens of the identity provider for this
 * resource only, exchanged (RFC 8693) for the upstream token;</li>
 * <li>databricks mode with {@code genie-obo.mcp.accept-workspace-tokens=true}:
 * {@link State#WORKSPACE_TOKENS}, with a warning at startup that names the risk;</li>
 * <li>databricks mode otherwise: {@link State#OFF}: {@code /mcp} and its metadata answer 404
 * naming the key, the rest of the function serves as usual.</li>
 * </ul>
 *
 * {@code /invocations} and {@code /responses} are not MCP endpoints and keep their rules.
 */
@ApplicationScoped
public class McpAccess {

    private static final Logger LOG = Logger.getLogger(McpAccess.class);
    static final String KEY = "genie-obo.mcp.accept-workspace-tokens";

    /** What {@code /mcp} does with a token. */
    public enum State {
        /** Only tokens minted for this resource (exchange mode). */
        AUDIENCE_BOUND,
        /** Workspace tokens, passed on to Genie (chosen explicitly). */
        WORKSPACE_TOKENS,
        /** {@code /mcp} answers 404. */
        OFF
    }

    private final State state;
    private final boolean explicit;

    public McpAccess(AuthConfig auth, McpServerConfig config) {
        Boolean accept = config.acceptWorkspaceTokens().orElse(null);
        this.explicit = accept != null;
        if (auth.mode() == AuthConfig.Mode.EXCHANGE) {
            this.state = State.AUDIENCE_BOUND;
        } else {
            this.state = Boolean.TRUE.equals(accept) ? State.WORKSPACE_TOKENS : State.OFF;
        }
    }

    public State state() {
        return state;
    }

    /** Says at startup what {@code /mcp} accepts, and why when it is off or passes tokens through. */
    void announce(@Observes StartupEvent started) {
        switch (state) {
            case WORKSPACE_TOKENS -> LOG.warnf("/mcp accepts workspace tokens (%s=true) and passes each on to Genie "
                    + "as it came: token passthrough, which the MCP authorization specification forbids (a token "
                    + "meant for the workspace is accepted by a server it was not issued for, a confused-deputy "
                    + "risk). Use exchange mode (genie-obo.auth.mode=exchange) to accept only tokens minted for this "
                    + "function.", KEY);
            case OFF -> LOG.infof("/mcp is off (it answers 404): in databricks mode it would accept workspace tokens and "
                    + "pass them on to Genie (token passthrough). Set %s=true to allow that, or use exchange mode. "
                    + "/invocations and /responses are served as usual.%s", KEY, explicit ? "" : " (no choice was made)");
            case AUDIENCE_BOUND -> {
                if (explicit) {
                    LOG.warnf("%s has no effect in exchange mode: /mcp accepts only tokens minted for this function", KEY);
                }
            }
        }
    }

    /** The answer to any {@code /mcp} request while it is off. */
    String offMessage() {
        return "/mcp is off: in databricks mode it would pass workspace tokens on to Genie (token passthrough). "
                + "The operator can set " + KEY + "=true to allow that, or configure exchange mode.";
    }
}
