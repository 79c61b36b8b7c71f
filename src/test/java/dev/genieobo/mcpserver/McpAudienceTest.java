package dev.genieobo.mcpserver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.RawMcp;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No token passthrough: with {@code genie-obo.mcp.accept-workspace-tokens=false} (exchange
 * mode), {@code /mcp} accepts only a token minted for this resource by the identity
 * provider, and exchanges it; a workspace token, however valid, is a 401 with the
 * metadata, whose authorization server is the identity provider, and reaches nothing.
 */
@QuarkusTest
@TestProfile(McpAudienceTest.Profile.class)
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class McpAudienceTest implements FreshWorkspace {

    /** Exchange mode as {@link dev.genieobo.api.ExchangeModeTest} has it, and the choice made: off. */
    public static class Profile extends dev.genieobo.api.ExchangeModeTest.Exchange {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            config.put("genie-obo.mcp.accept-workspace-tokens", "false");
            return config;
        }
    }

    private final Sim sim = Sim.inApp();

    @Test
    void aWorkspaceTokenIsRefusedWithTheMetadataAndReachesNothing() {
        RawMcp.initialize(sim.token("alice")).then().statusCode(401)
                .header("WWW-Authenticate", containsString("resource_metadata=\""))
                .header("WWW-Authenticate", containsString("/.well-known/oauth-protected-resource\""))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        List<Map<String, Object>> upstream = sim.calls().stream()
                .filter(c -> "genie".equals(c.get("kind")) || "llm".equals(c.get("kind"))
                        || "token-exchange".equals(c.get("rpcMethod")))
                .toList();
        assertEquals(List.of(), upstream, "a refused token reaches no upstream");
        given().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .body("resource", equalTo("api://genie-obo"))
                .body("authorization_servers[0]", equalTo(Sim.inAppUrl() + "/idp"));
    }

    @Test
    void anAudienceBoundTokenGetsAlicesAnswerThroughTheExchange() {
        String token = sim.idpToken("alice", "api://genie-obo");
        var answer = RawMcp.send(token, RawMcp.session(token), RawMcp.ASK_GENIE).then().statusCode(200).extract()
                .jsonPath();
        assertTrue(answer.getString("result.content[0].text").contains("2000") && !answer.getBoolean("result.isError"),
                answer.prettify());
        List<Map<String, Object>> calls = sim.calls();
        assertTrue(calls.stream().anyMatch(c -> "token-exchange".equals(c.get("rpcMethod"))), "exchanged: " + calls);
        assertTrue(calls.stream().filter(c -> "genie".equals(c.get("kind")))
                .allMatch(c -> "alice".equals(c.get("principal")) && !Sim.fingerprint(token).equals(c.get("tokenSha256"))),
                "Genie saw alice's exchanged token, never the one /mcp received");
    }
}
