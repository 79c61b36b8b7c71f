package dev.genieobo.identity;

import dev.genieobo.upstream.WorkspaceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declared auth policy, after the seed guide's rule: resources used as the
 * function itself are system resources (the LLM serving endpoint); resources
 * used as the caller are covered by a minimal list of user API scopes (Genie).
 * Validated at startup; {@link #missingScope} checks a caller's token against it.
 */
@ApplicationScoped
public class AuthPolicy {

    /** A resource the function calls as itself. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Resource(String type, String name) {
    }

    private final AuthConfig auth;
    private final List<Resource> systemResources;
    private final List<String> userScopes;
    private final Map<String, Set<String>> aliases;
    private final List<String> spaces;
    private final boolean workspaceGenie;
    private final String llmEndpoint;
    private final String host;

    /**
     * @param llmEndpoint the serving endpoint the function calls as itself ({@code genie-obo.llm.endpoint})
     * @param genieServer which Genie is called as the caller ({@code genie-obo.genie.server}: {@code spaces}
     *        or {@code workspace})
     * @param spaces the Genie spaces called as the caller ({@code genie-obo.genie.space-ids}); read as plain
     *        values, so identity knows neither the LLM's nor Genie's configuration
     */
    @jakarta.inject.Inject
    public AuthPolicy(AuthConfig auth,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "genie-obo.llm.endpoint") String llmEndpoint,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "genie-obo.genie.server",
                    defaultValue = "spaces") String genieServer,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "genie-obo.genie.space-ids")
            Optional<List<String>> spaces,
            WorkspaceConfig workspace) {
        this.auth = auth;
        this.llmEndpoint = llmEndpoint;
        this.workspaceGenie = "workspace".equalsIgnoreCase(genieServer.strip());
        this.spaces = workspaceGenie ? List.of() : List.copyOf(spaces.orElse(List.of()));
        this.host = workspace.baseUrl();
        this.systemResources = auth.policy().systemResources()
                .map(list -> list.stream().map(AuthPolicy::resource).toList())
                .orElse(List.of(new Resource("serving-endpoint", llmEndpoint)));
        this.userScopes = auth.policy().userScopes().stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        Map<String, Set<String>> accepted = new LinkedHashMap<>();
        for (String scope : userScopes) {
            accepted.put(scope, new LinkedHashSet<>(List.of(scope)));
        }
        for (String pair : auth.policy().scopeAliases()) {
            int colon = pair.lastIndexOf(':');
            if (colon > 0 && accepted.containsKey(pair.substring(colon + 1).strip())) {
                accepted.get(pair.substring(colon + 1).strip()).add(pair.substring(0, colon).strip());
            }
        }
        this.aliases = accepted;
    }

    void checkAtStartup(@Observes StartupEvent started) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the auth policy is not valid: " + String.join("; ", problems));
        }
    }

    /** Everything wrong with the declared policy (empty when it is valid). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (userScopes.isEmpty()) {
            problems.add("genie-obo.auth.policy.user-scopes is empty: Genie is called as the user and needs at least 'genie'");
        } else if (userScopes.stream().noneMatch(s -> s.equals("genie") || aliases.get(s).contains("genie")
                || s.endsWith(".genie"))) {
            problems.add("genie-obo.auth.policy.user-scopes " + userScopes + " has no Genie scope ('genie')");
        }
        for (Resource resource : systemResources) {
            switch (resource.type()) {
                case "serving-endpoint" -> {
                }
                case "genie-space", "genie-workspace" -> problems.add((resource.type().equals("genie-space")
                        ? "Genie space " : "The workspace's Genie ") + resource.name() + " is declared as a system resource: "
                        + "Genie is only ever called as the user; remove it from genie-obo.auth.policy.system-resources");
                default -> problems.add("unknown system resource '" + resource.type() + ":" + resource.name()
                        + "'; use serving-endpoint:<name>");
            }
            if (spaces.contains(resource.name())) {
                problems.add(resource.name() + " is a configured Genie space and cannot be a system resource");
            }
        }
        if (!systemResources.contains(new Resource("serving-endpoint", llmEndpoint))) {
            problems.add("the LLM endpoint '" + llmEndpoint + "' is not declared in genie-obo.auth.policy.system-resources");
        }
        if (auth.mode() == AuthConfig.Mode.EXCHANGE) {
            if (auth.exchange().jwksUrl().isEmpty() || auth.exchange().issuer().isEmpty()
                    || auth.exchange().audience().isEmpty()) {
                problems.add("exchange mode needs genie-obo.auth.exchange.jwks-url, .issuer and .audience");
            }
            if (auth.allowOpaqueTokens()) {
                problems.add("genie-obo.auth.allow-opaque-tokens cannot be combined with exchange mode");
            }
        }
        return problems;
    }

    private static Resource resource(String declared) {
        String value = declared.strip();
        int colon = value.indexOf(':');
        return colon < 0 ? new Resource("", value) : new Resource(value.substring(0, colon), value.substring(colon + 1));
    }

    /** The first required scope the token's scopes do not cover, if any. */
    public Optional<String> missingScope(Set<String> tokenScopes) {
        for (String scope : userScopes) {
            if (aliases.get(scope).stream().noneMatch(tokenScopes::contains)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    public List<String> userScopes() {
        return userScopes;
    }

    public List<Resource> systemResources() {
        return systemResources;
    }

    /** Accepted token scopes per required scope (the scope itself and its aliases). */
    public Map<String, Set<String>> acceptedScopes() {
        return aliases;
    }

    /**
     * What is called as the caller: each configured Genie space ({@code genie-space:<id>}),
     * or the workspace's Genie ({@code genie-workspace:<its MCP URL>}).
     */
    public List<Resource> userResources() {
        return workspaceGenie ? List.of(new Resource("genie-workspace", host + "/api/2.0/mcp/genie"))
                : spaces.stream().map(id -> new Resource("genie-space", id)).toList();
    }

    public AuthConfig.Mode mode() {
        return auth.mode();
    }

    public String workspaceIssuer() {
        return auth.issuer().orElse(host + "/oidc");
    }

    public String workspaceJwksUrl() {
        return auth.jwksUrl().orElse(host + "/oidc/v1/keys");
    }

    public String exchangeTokenEndpoint() {
        return auth.exchange().tokenEndpoint().orElse(host + "/oidc/v1/token");
    }
}
