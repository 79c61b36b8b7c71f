package dev.genieobo.health;

import dev.genieobo.genie.GenieConfig;
import dev.genieobo.identity.AuthPolicy;
import dev.genieobo.identity.SystemIdentity;
import dev.genieobo.llm.LlmConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the function is configured to answer: a valid auth policy, a Genie
 * (spaces, or the workspace's), an LLM endpoint and service-principal credentials. Cheap and local: no
 * user token, no call to Genie, the LLM or the token endpoint (a probe must not
 * turn into upstream load, and an upstream outage must not take every replica
 * out of rotation; turns report those failures themselves).
 */
@Readiness
@ApplicationScoped
public class ConfigurationReadiness implements HealthCheck {

    private final AuthPolicy policy;
    private final GenieConfig genie;
    private final LlmConfig llm;
    private final SystemIdentity system;

    public ConfigurationReadiness(AuthPolicy policy, GenieConfig genie, LlmConfig llm, SystemIdentity system) {
        this.policy = policy;
        this.genie = genie;
        this.llm = llm;
        this.system = system;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("configuration")
                .withData("genie_server", genie.server().name().toLowerCase(java.util.Locale.ROOT))
                .withData("genie_spaces", genie.server() == GenieConfig.Server.WORKSPACE ? 0
                        : genie.spaceIds().map(List::size).orElse(0))
                .withData("llm_endpoint", llm.endpoint())
                .withData("auth_mode", policy.mode().name().toLowerCase());
        try {
            response.withData("system_auth", system.authType());
        } catch (IllegalStateException e) {
            return response.down().withData("problem", e.getMessage()).build();
        }
        return policy.problems().isEmpty() ? response.up().build()
                : response.down().withData("problem", String.join("; ", policy.problems())).build();
    }
}
