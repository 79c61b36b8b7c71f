package dev.genieobo.mcpserver;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /.well-known/oauth-protected-resource} (and the path-suffixed form
 * {@code .../mcp} that MCP clients try first): RFC 9728 metadata of the MCP endpoint;
 * 404 while {@code /mcp} is off ({@link McpAccess}).
 */
@Path(ProtectedResource.METADATA_PATH)
public class ProtectedResourceMetadata {

    private final ProtectedResource resource;
    private final McpAccess access;

    public ProtectedResourceMetadata(ProtectedResource resource, McpAccess access) {
        this.resource = resource;
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public jakarta.ws.rs.core.Response metadata(@Context HttpServerRequest request) {
        if (access.state() == McpAccess.State.OFF) { // no protected resource to describe
            return jakarta.ws.rs.core.Response.status(404).type(MediaType.APPLICATION_JSON)
                    .entity(new dev.genieobo.api.ApiError("NOT_FOUND", access.offMessage())).build();
        }
        return jakarta.ws.rs.core.Response.ok(resource.metadata(request)).build();
    }

    @GET
    @Path("/mcp")
    @Produces(MediaType.APPLICATION_JSON)
    public jakarta.ws.rs.core.Response metadataForMcp(@Context HttpServerRequest request) {
        return metadata(request);
    }
}
