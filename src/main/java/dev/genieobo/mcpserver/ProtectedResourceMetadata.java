package dev.genieobo.mcpserver;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /.well-known/oauth-protected-resource} (and the path-suffixed form
 * {@code .../mcp} that MCP clients try first): RFC 9728 metadata of the MCP endpoint.
 */
@Path(ProtectedResource.METADATA_PATH)
public class ProtectedResourceMetadata {

    private final ProtectedResource resource;

    public ProtectedResourceMetadata(ProtectedResource resource) {
        this.resource = resource;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> metadata(@Context HttpServerRequest request) {
        return resource.metadata(request);
    }

    @GET
    @Path("/mcp")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> metadataForMcp(@Context HttpServerRequest request) {
        return resource.metadata(request);
    }
}
