package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our MCP client against a Genie that speaks each revision it implements, one that ends
 * a tools/call stream early (MCP 2025-11-25: resumed with GET and Last-Event-ID), one
 * that ends it and cannot resume, and one that answers a revision nobody implements.
 */
@QuarkusTest
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class McpRevisionsTest implements FreshWorkspace {

    private final Sim sim = Sim.inApp();

    private Response ask(String user) {
        return given().header("Authorization", "Bearer " + sim.token(user)).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations");
    }

    @ParameterizedTest
    @ValueSource(strings = { "2025-03-26", "2025-06-18", "2025-11-25" })
    void aTurnIsAnsweredAtEachRevision(String revision) {
        sim.knobs("{\"genieProtocolVersion\":\"" + revision + "\"}");
        ask("alice").then().statusCode(200).body("messages[2].content", containsString("2000"));
    }

    @Test
    void aToolCallStreamEndedEarlyIsResumedAsTheCaller() {
        sim.knobs("{\"genieEndStreamEarly\":\"resume\"}");
        String token = sim.token("bob");
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations").then().statusCode(200)
                .body("messages[2].content", containsString("3450"));
        List<Map<String, Object>> genie = sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList();
        List<Map<String, Object>> resumed = genie.stream().filter(c -> "GET".equals(c.get("rpcMethod"))).toList();
        long toolCalls = genie.stream().filter(c -> "tools/call".equals(c.get("rpcMethod"))).count();
        assertEquals(toolCalls, resumed.size(), "each tools/call stream was resumed once: " + genie);
        assertTrue(resumed.stream().allMatch(c -> Integer.valueOf(200).equals(c.get("status"))
                && Sim.fingerprint(token).equals(c.get("tokenSha256"))), "resumed with the caller's token: " + resumed);
    }

    @Test
    void aStreamThatCannotBeResumedIsA502() {
        sim.knobs("{\"genieEndStreamEarly\":\"refuse\"}");
        ask("alice").then().statusCode(502).body("error_code", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("message", containsString("cannot resume its event stream"));
    }

    @Test
    void anUnknownRevisionIsA502NamingIt() {
        sim.knobs("{\"genieProtocolVersion\":\"2099-01-01\"}");
        ask("alice").then().statusCode(502)
                .body("message", containsString("'2099-01-01'"))
                .body("message", containsString("[2025-11-25, 2025-06-18, 2025-03-26]"));
    }
}
