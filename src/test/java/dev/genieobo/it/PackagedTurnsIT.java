package dev.genieobo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.HangUps;
import dev.genieobo.support.Sim;
import dev.genieobo.support.SseStream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Turns on the packaged application (JVM package or native executable) in its default
 * configuration, asking the configured space: two users at once, a streamed turn in both
 * wire formats, and a caller who hangs up while Genie works.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StandaloneWorkspace.class, restrictToAnnotatedClass = true)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PackagedTurnsIT implements FreshWorkspace {

    private final Sim sim = Sim.at(StandaloneWorkspace::url);

    @Override
    public Sim freshWorkspaceSim() {
        return sim;
    }

    @Test
    void aliceAndBobAtOnceEachGetOnlyTheirOwnFigure() throws Exception {
        TwoUsersAtOnce.eachGetsOnlyTheirOwnFigure(sim, RestAssured.port);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({ "invocations, alice", "invocations, bob", "responses, alice", "responses, bob" })
    void aStreamedTurnShowsGeniesStatusesThenTheCallersAnswer(String format, String user) {
        sim.knobs("{\"genieAnswerMs\":1500}"); // Genie works through every status
        int sessions = sim.openGenieSessions();
        List<JsonNode> events = SseStream.ask(format, sim.token(user), TwoUsersAtOnce.QUESTION);
        List<SseStream.Indexed> statuses = SseStream.genieStatuses(format, events);
        assertEquals(Sim.GENIE_STATUSES, statuses.stream().map(s -> s.node().path("status").asText()).toList());
        statuses.forEach(s -> assertEquals(Sim.SALES, s.node().path("space_id").asText()));
        JsonNode last = events.get(events.size() - 1);
        if (format.equals("invocations")) {
            assertEquals("stop", last.path("finish_reason").asText(), last.toString());
        } else {
            assertEquals("response.completed", last.path("type").asText(), last.toString());
        }
        List<String> pieces = SseStream.answerPieces(format, events);
        String answer = String.join("", pieces);
        String mine = TwoUsersAtOnce.TOTALS.get(user);
        assertTrue(pieces.size() > 2 && answer.contains(mine), user + " did not get " + mine + " in pieces: " + pieces);
        TwoUsersAtOnce.TOTALS.values().stream().filter(other -> !other.equals(mine))
                .forEach(other -> assertFalse(answer.contains(other), user + " saw another's figure: " + answer));
        assertEquals(sessions, sim.openGenieSessions(), "the caller's Genie session was closed before the stream ended");
    }

    @Test
    void aCallerWhoHangsUpWhileGenieWorksEndsTheTurnAndItsGenieSession() throws Exception {
        sim.knobs("{\"genieAnswerMs\":20000}");
        int sessions = sim.openGenieSessions();
        long hungUp = HangUps.hangUpWhen(sim, "/invocations", Sim.question(TwoUsersAtOnce.QUESTION), sim.token("alice"),
                () -> sim.calls().stream().filter(c -> "tools/call".equals(c.get("rpcMethod"))).count() >= 3);
        HangUps.assertNothingOfTheTurnAfter(sim, hungUp, sessions);
        assertTrue(sim.calls().stream().anyMatch(c -> "DELETE".equals(c.get("rpcMethod"))
                && "alice".equals(c.get("principal")) && Integer.valueOf(200).equals(c.get("status"))),
                "the session was ended as the caller: " + sim.calls());
    }
}
