package dev.genieobo.mcpserver;

import dev.genieobo.identity.AuthConfig;
import dev.genieobo.identity.AuthPolicy;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * What the MCP endpoint tells clients about its authorization (RFC 9728): which
 * resource it is, which authorization server issues its tokens, which scopes it
 * needs, and that tokens go in the {@code Authorization} header.
 */
@ApplicationScoped
public class ProtectedResource {

    public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    private final AuthPolicy policy;
    private final AuthConfig auth;
    private final McpServerConfig config;

    public ProtectedResource(AuthPolicy policy, AuthConfig auth, McpServerConfig config) {
        this.policy = policy;
        this.auth = auth;
        this.config = config;
    }

    /**
     * The function's public base URL as this request reached it. Forwarded headers count
     * only when Quarkus is told to trust the proxy that sent them
     * ({@code quarkus.http.proxy.proxy-address-forwarding}, {@code allow-x-forwarded},
     * {@code trusted-proxies}): Quarkus then rewrites the request's scheme and host, and
     * any other client's {@code X-Forwarded-Host} is ignored. Set
     * {@code genie-obo.mcp.resource} to announce a fixed URL instead.
     */
    static String base(HttpServerRequest request) {
        URI uri = URI.create(request.absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    public String resource(HttpServerRequest request) {
        return config.resource()
                .or(() -> auth.mode() == AuthConfig.Mode.EXCHANGE ? auth.exchange().audience() : java.util.Optional.empty())
                .orElse(base(request) + "/mcp");
    }

    public String metadataUrl(HttpServerRequest request) {
        return base(request) + METADATA_PATH;
    }

    public Map<String, Object> metadata(HttpServerRequest request) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", resource(request));
        metadata.put("authorization_servers", List.of(auth.mode() == AuthConfig.Mode.EXCHANGE
                ? auth.exchange().issuer().orElse("") : policy.workspaceIssuer()));
        metadata.put("scopes_supported", policy.userScopes());
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", "genie-obo: ask Genie as yourself");
        return metadata;
    }
}
