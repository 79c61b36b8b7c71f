package dev.genieobo.mcpserver;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The function's own MCP server. */
@ConfigMapping(prefix = "genie-obo.mcp")
public interface McpServerConfig {

    /**
     * The resource identifier announced in the protected-resource metadata (RFC
     * 9728), e.g. {@code https://genie.example.com/mcp}. Default: in exchange mode
     * the accepted audience, otherwise {@code <scheme>://<host>/mcp} of the request.
     */
    Optional<String> resource();

    /**
     * Whether {@code /mcp} accepts a workspace token and passes it on to Genie (token
     * passthrough, which the MCP authorization specification forbids). Unset: in exchange
     * mode {@code /mcp} takes only tokens minted for this resource; in databricks mode it is
     * off. See {@link McpAccess}.
     */
    Optional<Boolean> acceptWorkspaceTokens();
}
