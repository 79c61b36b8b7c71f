package dev.genieobo.mcpserver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
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

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("genie-obo.auth.mode", "exchange",
                    "genie-obo.auth.exchange.jwks-url", "http://localhost:${quarkus.http.test-port}/idp/keys",
                    "genie-obo.auth.exchange.issuer", "http://localhost:${quarkus.http.test-port}/idp",
                    "genie-obo.auth.exchange.audience", "api://genie-obo",
                    "genie-obo.mcp.accept-workspace-tokens", "false");
        }
    }

    private final Sim sim = Sim.inApp();

    static Response initialize(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .header("Accept", "application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")
                .post("/mcp");
    }

    static Response askGenie(String token, String session) {
        return given().header("Authorization", "Bearer " + token).header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18").header("Accept", "application/json, text/event-stream")
                .contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask_genie\","
                        + "\"arguments\":{\"question\":\"What is the total sales amount?\"}}}")
                .post("/mcp");
    }

    @Test
    void aWorkspaceTokenIsRefusedWithTheMetadataAndReachesNothing() {
        initialize(sim.token("alice")).then().statusCode(401)
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
        String token = given().post("/sim/idp/users/alice/token?audience=api://genie-obo").then().statusCode(200)
                .extract().path("access_token");
        Response initialized = initialize(token);
        initialized.then().statusCode(200);
        String answer = askGenie(token, initialized.header("Mcp-Session-Id")).then().statusCode(200).extract().asString();
        assertTrue(answer.contains("2000") && !answer.contains("\"isError\":true"), answer);
        List<Map<String, Object>> calls = sim.calls();
        assertTrue(calls.stream().anyMatch(c -> "token-exchange".equals(c.get("rpcMethod"))), "exchanged: " + calls);
        assertTrue(calls.stream().filter(c -> "genie".equals(c.get("kind")))
                .allMatch(c -> "alice".equals(c.get("principal")) && !Sim.fingerprint(token).equals(c.get("tokenSha256"))),
                "Genie saw alice's exchanged token, never the one /mcp received");
    }
}
