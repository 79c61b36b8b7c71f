package dev.genieobo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.HangUps;
import dev.genieobo.support.Sim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged application asking the workspace's own Genie ({@code genie-obo.genie.server=workspace}),
 * which chooses the space as the caller: alice and bob at once each get their own figure,
 * and a caller who hangs up has the answer cancelled as themselves.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedWorkspaceGenieIT.WorkspaceGenie.class, restrictToAnnotatedClass = true)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PackagedWorkspaceGenieIT implements FreshWorkspace {

    /** The standalone workspace, and the function asking its Genie (no spaces configured). */
    public static class WorkspaceGenie extends StandaloneWorkspace {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.remove("genie-obo.genie.space-ids");
            config.put("genie-obo.genie.server", "workspace");
            return config;
        }
    }

    private final Sim sim = Sim.at(StandaloneWorkspace::url);

    @Override
    public Sim freshWorkspaceSim() {
        return sim;
    }

    @Test
    void aliceAndBobAtOnceEachGetOnlyTheirOwnFigure() throws Exception {
        List<Map<String, Object>> genie = TwoUsersAtOnce.eachGetsOnlyTheirOwnFigure(sim, RestAssured.port);
        assertTrue(genie.stream().allMatch(c -> "/api/2.0/mcp/genie".equals(c.get("path"))),
                "every call to the workspace's Genie: " + genie.stream().map(c -> c.get("path")).distinct().toList());
        assertEquals(List.of("genie_ask", "genie_poll_response", "genie_get_query_result"),
                genie.stream().map(c -> c.get("tool")).filter(t -> t != null).distinct().toList());
    }

    @Test
    void aCallerWhoHangsUpHasTheAnswerCancelledAsThemselves() throws Exception {
        sim.knobs("{\"genieAnswerMs\":30000}");
        String token = sim.token("bob");
        HangUps.hangUpWhen(sim, "/invocations", Sim.question(TwoUsersAtOnce.QUESTION), token,
                () -> sim.calls().stream().anyMatch(c -> "genie_poll_response".equals(c.get("tool"))));
        HangUps.assertCancelledAsTheCallerThenNothing(sim, token);
    }
}
