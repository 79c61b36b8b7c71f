package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mounts the {@link SimulatedWorkspace} on the function's own HTTP server in
 * dev, test and {@code sim} builds. The bean does not exist in a production
 * build, so none of the workspace's routes are served there.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test", "sim" })
public class WorkspaceRoutes {

    private SimulatedWorkspace workspace;

    void mount(@Observes Router router, Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "genie-obo.sim.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "genie-obo.sim.public-url") java.util.Optional<String> publicUrl,
            @ConfigProperty(name = "databricks.host") String host,
            @ConfigProperty(name = "genie-obo.sim.genie-answer-time", defaultValue = "0s") java.time.Duration answerTime) {
        if (enabled) {
            // the workspace's issuer is the function's view of it ({host}/oidc), wherever tokens are minted
            workspace = new SimulatedWorkspace(vertx, mapper, publicUrl.orElse(host), answerTime.toMillis());
            workspace.mount(router);
        }
    }

    /** The mounted workspace, or null when {@code genie-obo.sim.enabled=false}. */
    public SimulatedWorkspace workspace() {
        return workspace;
    }
}
