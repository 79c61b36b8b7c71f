package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.HangUps;
import dev.genieobo.support.RawMcp;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code genie-obo.genie.server=workspace}: the workspace's own Genie
 * ({@code /api/2.0/mcp/genie}) chooses the space, as the caller; its rows come from
 * {@code genie_get_query_result}; conversations continue; and an answer nobody waits
 * for any more (the deadline, a hang-up, an MCP cancellation) is cancelled with
 * {@code genie_cancel_response} as the caller, after which Genie hears nothing more of
 * the turn but the session's end.
 */
@QuarkusTest
@TestProfile(WorkspaceGenieTest.Profile.class)
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class WorkspaceGenieTest implements FreshWorkspace {

    static final String INVENTORY = "01f0c0ffee5a1e5000000000000000b2";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("genie-obo.genie.server", "workspace", "genie-obo.agent.timeout", "5s");
        }
    }

    private final Sim sim = Sim.inApp();

    private static Response ask(String token, String question) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question(question)).post("/invocations");
    }

    private List<Map<String, Object>> genieCalls() {
        return sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList();
    }

    @Test
    void eachUserGetsTheirOwnFigureFromTheSpaceGenieChose() {
        sim.knobs("{\"genieAnswerMs\":600}");
        for (Map.Entry<String, String> expected : Map.of("alice", "2000", "bob", "3450", "dana", "6450").entrySet()) {
            sim.clearCalls();
            String token = sim.token(expected.getKey());
            ask(token, "What is the total sales amount?").then().statusCode(200)
                    .body("messages[0].tool_calls[0].function.name", equalTo("genie_ask"))
                    .body("messages[2].content", containsString(expected.getValue()))
                    .body("custom_outputs.genie.workspace.space_id", equalTo(Sim.SALES))
                    .body("custom_outputs.genie.workspace.status", equalTo("COMPLETED"))
                    .body("custom_outputs.genie.workspace.sql", containsString("SUM(amount)"));
            List<Map<String, Object>> genie = genieCalls();
            assertTrue(genie.stream().allMatch(c -> "/api/2.0/mcp/genie".equals(c.get("path"))
                    && Sim.fingerprint(token).equals(c.get("tokenSha256"))), "every Genie call as the caller: " + genie);
            List<Object> tools = genie.stream().map(c -> c.get("tool")).filter(t -> t != null).distinct().toList();
            assertEquals(List.of("genie_ask", "genie_poll_response", "genie_get_query_result"), tools, genie.toString());
            assertEquals("DELETE", genie.get(genie.size() - 1).get("rpcMethod"), "the session was ended last");
        }
    }

    @Test
    void genieRoutesEachQuestionToASpaceTheCallerMayUse() {
        ask(sim.token("alice"), "How many units are in stock?").then().statusCode(200)
                .body("custom_outputs.genie.workspace.space_id", equalTo(INVENTORY))
                .body("messages[2].content", containsString("75"));
        // bob may not use Inventory: Genie answers him from Sales, which knows nothing of stock
        ask(sim.token("bob"), "How many units are in stock?").then().statusCode(200)
                .body("custom_outputs.genie.workspace.space_id", equalTo(Sim.SALES))
                .body("messages[2].content", not(containsString("75")));
    }

    @Test
    void aUserWithoutGenieIsRefusedAsGenieRefusesThem() {
        ask(sim.token("carol"), "What is the total sales amount?").then().statusCode(403)
                .body("error_code", equalTo("PERMISSION_DENIED"))
                .body("message", containsString("does not have access to any Genie space"));
        assertTrue(genieCalls().stream().noneMatch(c -> "tools/call".equals(c.get("rpcMethod"))), genieCalls().toString());
    }

    @Test
    void aFollowUpContinuesTheSameConversationAndAnotherUsersIsRefused() {
        String alice = sim.token("alice");
        String first = ask(alice, "total").then().statusCode(200).extract().path("custom_outputs.genie.workspace.conversation_id");
        String followUp = "{\"messages\":[{\"role\":\"user\",\"content\":\"amount by region\"}],"
                + "\"custom_inputs\":{\"conversation_ids\":{\"workspace\":\"" + first + "\"}}}";
        given().header("Authorization", "Bearer " + alice).contentType("application/json").body(followUp)
                .post("/invocations").then().statusCode(200)
                .body("custom_outputs.genie.workspace.conversation_id", equalTo(first))
                .body("messages[2].content", containsString("EMEA"));
        // bob may not continue alice's conversation: Genie says so, and the model hears it as Genie said it
        given().header("Authorization", "Bearer " + sim.token("bob")).contentType("application/json").body(followUp)
                .post("/invocations").then().statusCode(200)
                .body("messages[1].content", containsString("does not exist or you do not have access to it"))
                .body("messages[2].content", not(containsString("EMEA")));
    }

    /** The calls after the turn's cancel: none but the session's end, and the cancel was the caller's. */
    private void assertCancelledAsTheCallerThenNothing(String token) {
        HangUps.assertCancelledAsTheCallerThenNothing(sim, token);
    }

    @Test
    void theDeadlineCancelsTheAnswer() {
        sim.knobs("{\"genieAnswerMs\":30000}");
        String token = sim.token("alice");
        ask(token, "What is the total sales amount?").then().statusCode(504);
        assertCancelledAsTheCallerThenNothing(token);
    }

    @Test
    void aCallerWhoHangsUpCancelsTheAnswer() throws Exception {
        sim.knobs("{\"genieAnswerMs\":30000}");
        String token = sim.token("bob");
        HangUps.hangUpWhen(sim, "/invocations", Sim.question("What is the total sales amount?"), token,
                () -> genieCalls().stream().anyMatch(c -> "genie_poll_response".equals(c.get("tool"))));
        assertCancelledAsTheCallerThenNothing(token);
    }

    @Test
    void anMcpCancellationCancelsTheAnswer() throws Exception {
        sim.knobs("{\"genieAnswerMs\":30000}");
        String token = sim.token("dana");
        String session = RawMcp.session(token);
        try (Socket socket = RawMcp.post("/mcp", token, session, RawMcp.ASK_GENIE)) { // open until the cancellation
            await().atMost(Duration.ofSeconds(5)).until(() -> genieCalls().stream()
                    .anyMatch(c -> "genie_poll_response".equals(c.get("tool"))));
            RawMcp.send(token, session, RawMcp.CANCEL_ASK_GENIE).then().statusCode(202);
            assertCancelledAsTheCallerThenNothing(token);
        }
    }

    @Test
    void theMcpToolAndThePolicyNameTheWorkspacesGenie() {
        given().get("/auth-policy").then().statusCode(200)
                .body("user.resources[0].type", equalTo("genie-workspace"))
                .body("user.resources[0].name", containsString("/api/2.0/mcp/genie"))
                .body("user.api_scopes", org.hamcrest.Matchers.hasItem("genie"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.genie_server", equalTo("workspace"));
    }
}
