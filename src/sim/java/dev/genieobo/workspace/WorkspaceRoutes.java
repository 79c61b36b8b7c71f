package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mounts the {@link SimulatedWorkspace} on the function's own HTTP server in
 * dev, test and {@code sim} builds, with the page to watch a turn on
 * ({@code GET /watch}). The bean does not exist in a production build, so none of
 * these routes are served there.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test", "sim" })
public class WorkspaceRoutes {

    private SimulatedWorkspace workspace;

    void mount(@Observes Router router, Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "genie-obo.sim.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "genie-obo.sim.public-url") Optional<String> publicUrl,
            @ConfigProperty(name = "databricks.host") String host,
            @ConfigProperty(name = "genie-obo.sim.genie-answer-time", defaultValue = "0s") Duration answerTime) {
        if (enabled) {
            // the workspace's issuer is the function's view of it ({host}/oidc), wherever tokens are minted
            workspace = new SimulatedWorkspace(vertx, mapper, publicUrl.orElse(host), answerTime.toMillis());
            workspace.mount(router);
            String page = watchPage();
            // a page to watch a turn stream in, through the public streaming API, as demo users
            router.get("/watch").handler(rc -> rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end(page));
        }
    }

    private static String watchPage() {
        try (InputStream in = WorkspaceRoutes.class.getResourceAsStream("watch.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the watch page is missing from the build", e);
        }
    }

    /** The mounted workspace, or null when {@code genie-obo.sim.enabled=false}. */
    public SimulatedWorkspace workspace() {
        return workspace;
    }
}
