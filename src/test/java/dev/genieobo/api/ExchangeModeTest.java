package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exchange mode: callers present a JWT of the organisation's IdP minted for this
 * function; each request exchanges it for a workspace token with the policy's
 * scopes, and Genie sees only the exchanged token.
 */
@QuarkusTest
@TestProfile(ExchangeModeTest.Exchange.class)
public class ExchangeModeTest implements FreshWorkspace {

    public static class Exchange implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("genie-obo.auth.mode", "exchange",
                    "genie-obo.auth.exchange.jwks-url", "http://localhost:${quarkus.http.test-port}/idp/keys",
                    "genie-obo.auth.exchange.issuer", "http://localhost:${quarkus.http.test-port}/idp",
                    "genie-obo.auth.exchange.audience", "api://genie-obo");
        }
    }

    private final Sim sim = Sim.inApp();

    @Test
    void anIdpTokenForThisFunctionIsExchangedPerRequest() {
        for (int i = 0; i < 2; i++) {
            String token = sim.idpToken("alice", "api://genie-obo");
            given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body(Sim.question("What is the total sales amount?")).post("/invocations")
                    .then().statusCode(200).body("messages[2].content", containsString("2000"));
        }
        List<Map<String, Object>> calls = sim.calls();
        List<Map<String, Object>> exchanges = calls.stream().filter(c -> "token-exchange".equals(c.get("rpcMethod"))).toList();
        assertEquals(2, exchanges.size(), "one exchange per request, nothing cached");
        List<Map<String, Object>> genie = calls.stream().filter(c -> "genie".equals(c.get("kind"))).toList();
        assertTrue(genie.stream().allMatch(c -> "alice".equals(c.get("principal")) && "user".equals(c.get("principalType"))));
        assertTrue(genie.stream().noneMatch(c -> exchanges.stream().anyMatch(e -> e.get("tokenSha256").equals(c.get("tokenSha256")))),
                "Genie sees the exchanged workspace token, never the IdP token");
        assertNotEquals(genie.get(0).get("tokenSha256"), genie.get(genie.size() - 1).get("tokenSha256"),
                "each request has its own exchanged token");
    }

    @Test
    void theExchangeCarriesTheCallersTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().header("Authorization", "Bearer " + sim.idpToken("alice", "api://genie-obo"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations").then().statusCode(200);
        List<Map<String, Object>> exchanges = sim.calls().stream()
                .filter(c -> "token-exchange".equals(c.get("rpcMethod"))).toList();
        assertEquals(1, exchanges.size());
        assertEquals(traceId, exchanges.get(0).get("traceId"), "the REST client sent the turn's traceparent");
        assertTrue(sim.calls().stream().filter(c -> "genie".equals(c.get("kind")))
                .allMatch(c -> traceId.equals(c.get("traceId"))), "and so did every Genie call");
    }

    @Test
    void tokensForAnotherAudienceOrIssuerAreRefusedBeforeAnyExchange() {
        String foreign = sim.idpToken("alice", "api://someone-else");
        given().header("Authorization", "Bearer " + foreign).contentType("application/json")
                .body(Sim.question("total")).post("/invocations")
                .then().statusCode(401).body("message", containsString("audience"))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        String workspaceToken = sim.token("alice");
        given().header("Authorization", "Bearer " + workspaceToken).contentType("application/json")
                .body(Sim.question("total")).post("/invocations")
                .then().statusCode(401).body("error_code", equalTo("UNAUTHENTICATED"));
        assertEquals(List.of(), sim.calls(), "no exchange, no Genie call");
    }

    @Test
    void authPolicyShowsTheExchangeSettings() {
        given().get("/auth-policy").then().statusCode(200)
                .body("mode", equalTo("exchange"))
                .body("verification.audience", equalTo("api://genie-obo"))
                .body("verification.token_exchange_endpoint", equalTo(dev.genieobo.support.Sim.inAppUrl() + "/oidc/v1/token"));
    }

    @Test
    void theMcpEndpointIsTheAudienceAndRefusesTokensForOthers() {
        given().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .body("resource", equalTo("api://genie-obo"))
                .body("authorization_servers[0]", equalTo(dev.genieobo.support.Sim.inAppUrl() + "/idp"));
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask_genie\","
                + "\"arguments\":{\"question\":\"What is the total sales amount?\"}}}";
        given().header("Authorization", "Bearer " + sim.idpToken("alice", "api://someone-else"))
                .header("Accept", "application/json, text/event-stream").contentType("application/json").body(call)
                .post("/mcp").then().statusCode(401)
                .header("WWW-Authenticate", containsString("resource_metadata="));
        given().header("Authorization", "Bearer " + sim.idpToken("alice", "api://genie-obo"))
                .header("Accept", "application/json, text/event-stream").contentType("application/json").body(call)
                .post("/mcp").then().statusCode(200)
                .body("result.content[0].text", containsString("2000"));
        assertEquals(1, sim.calls().stream().filter(c -> "token-exchange".equals(c.get("rpcMethod"))).count(),
                "the gate verified without exchanging; the tool call exchanged once");
    }
}
