package dev.genieobo.mcpserver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy Quarkus is told to trust, the MCP resource metadata names the public
 * URL the proxy forwarded ({@code X-Forwarded-Proto}/{@code -Host}); McpServerTest shows
 * the same headers ignored when no proxy is trusted.
 */
@QuarkusTest
@TestProfile(TrustedProxyTest.BehindAProxy.class)
class TrustedProxyTest {

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.enable-forwarded-host", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,[::1]");
        }
    }

    @Test
    void theTrustedProxysPublicUrlIsAnnounced() {
        given().header("X-Forwarded-Host", "genie.example.com").header("X-Forwarded-Proto", "https")
                .get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .body("resource", equalTo("https://genie.example.com/mcp"));
        given().header("X-Forwarded-Host", "genie.example.com").header("X-Forwarded-Proto", "https")
                .post("/mcp").then().statusCode(401).header("WWW-Authenticate",
                        containsString("resource_metadata=\"https://genie.example.com/.well-known/oauth-protected-resource\""));
        // without forwarded headers the request's own URL stands
        given().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .body("resource", equalTo(Sim.inAppUrl() + "/mcp"));
    }
}
