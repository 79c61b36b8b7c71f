package dev.genieobo.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged application in exchange mode ({@code genie-obo.auth.mode=exchange}): a token
 * of the organisation's identity provider minted for this function is exchanged, per turn,
 * for a workspace token of its user, and answered as that user; a token minted for another
 * audience is refused before any exchange.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedExchangeIT.Exchange.class, restrictToAnnotatedClass = true)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PackagedExchangeIT implements FreshWorkspace {

    static final String AUDIENCE = "api://genie-obo";

    /** The standalone workspace, its identity provider trusted for the function's callers. */
    public static class Exchange extends StandaloneWorkspace {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("genie-obo.auth.mode", "exchange");
            config.put("genie-obo.auth.exchange.jwks-url", url() + "/idp/keys");
            config.put("genie-obo.auth.exchange.issuer", url() + "/idp");
            config.put("genie-obo.auth.exchange.audience", AUDIENCE);
            return config;
        }
    }

    private final Sim sim = Sim.at(StandaloneWorkspace::url);

    @Override
    public Sim freshWorkspaceSim() {
        return sim;
    }

    private static Response ask(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question(TwoUsersAtOnce.QUESTION)).post("/invocations");
    }

    /** What reached the workspace as a turn: exchanges, Genie and the LLM. */
    private List<Map<String, Object>> upstreamCalls() {
        return sim.calls().stream().filter(c -> "token-exchange".equals(c.get("rpcMethod"))
                || "genie".equals(c.get("kind")) || "llm".equals(c.get("kind"))).toList();
    }

    @Test
    void anIdpTokenForThisFunctionIsExchangedAndAnsweredAsItsUser() {
        TwoUsersAtOnce.TOTALS.forEach((user, figure) -> {
            sim.clearCalls();
            String token = sim.idpToken(user, AUDIENCE);
            String other = TwoUsersAtOnce.TOTALS.values().stream().filter(f -> !f.equals(figure)).findFirst().orElseThrow();
            ask(token).then().statusCode(200).body("messages[-1].role", equalTo("assistant"))
                    .body("messages[-1].content", containsString(figure))
                    .body("messages[-1].content", not(containsString(other)));
            List<Map<String, Object>> calls = sim.calls();
            List<Map<String, Object>> exchanges = calls.stream()
                    .filter(c -> "token-exchange".equals(c.get("rpcMethod"))).toList();
            assertEquals(1, exchanges.size(), "one exchange for the turn: " + exchanges);
            assertEquals(200, exchanges.get(0).get("status"), exchanges.toString());
            assertEquals(Sim.fingerprint(token), exchanges.get(0).get("tokenSha256"), "the caller's IdP token was exchanged");
            List<Map<String, Object>> genie = calls.stream().filter(c -> "genie".equals(c.get("kind"))).toList();
            assertTrue(!genie.isEmpty() && genie.stream().allMatch(c -> user.equals(c.get("principal"))
                    && "user".equals(c.get("principalType"))), "every Genie call as " + user + ": " + genie);
            genie.forEach(c -> assertNotEquals(Sim.fingerprint(token), c.get("tokenSha256"),
                    "Genie sees the exchanged workspace token, never the IdP token"));
        });
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedBeforeAnyExchange() {
        ask(sim.idpToken("alice", "api://someone-else")).then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("error_code", equalTo("UNAUTHENTICATED")).body("message", containsString("audience"));
        assertEquals(List.of(), upstreamCalls(), "no exchange, no Genie or LLM call");
    }
}
