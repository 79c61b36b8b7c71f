package dev.genieobo.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.genieobo.identity.AuthConfig;
import dev.genieobo.identity.AuthPolicy;
import dev.genieobo.identity.SystemIdentity;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /auth-policy}: what the function calls as itself, what as the
 * caller, and which scopes it needs. No secrets and no credentials: names,
 * URLs of public keys and scope strings only.
 */
@Path("/auth-policy")
public class AuthPolicyResource {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record View(String mode, SystemSide system, UserSide user, Verification verification) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SystemSide(String identity, String authType, List<AuthPolicy.Resource> resources) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserSide(List<String> apiScopes, Map<String, Set<String>> acceptedScopes,
            List<AuthPolicy.Resource> resources) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Verification(String issuer, String jwksUrl, String audience, String tokenExchangeEndpoint,
            boolean opaqueTokensAccepted) {
    }

    private final View view;

    public AuthPolicyResource(AuthPolicy policy, AuthConfig config, SystemIdentity system) {
        boolean exchange = policy.mode() == AuthConfig.Mode.EXCHANGE;
        this.view = new View(policy.mode().name().toLowerCase(),
                new SystemSide("service principal", system.authType(), policy.systemResources()),
                new UserSide(policy.userScopes(), policy.acceptedScopes(),
                        policy.userResources()),
                new Verification(
                        exchange ? config.exchange().issuer().orElse(null) : policy.workspaceIssuer(),
                        exchange ? config.exchange().jwksUrl().orElse(null) : policy.workspaceJwksUrl(),
                        exchange ? config.exchange().audience().orElse(null) : null,
                        exchange ? policy.exchangeTokenEndpoint() : null,
                        !exchange && config.allowOpaqueTokens()));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public View policy() {
        return view;
    }
}
