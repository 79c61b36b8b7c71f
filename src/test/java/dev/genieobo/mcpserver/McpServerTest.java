package dev.genieobo.mcpserver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The function as an MCP server, driven with McpAssured. */
@QuarkusTest
class McpServerTest implements FreshWorkspace {

    private static String metadata() {
        return dev.genieobo.support.Sim.inAppUrl() + "/.well-known/oauth-protected-resource";
    }
    private final Sim sim = Sim.inApp();

    private static McpStreamableTestClient client(AtomicReference<String> token) {
        return McpAssured.newStreamableClient()
                .setAdditionalHeaders(message -> MultiMap.caseInsensitiveMultiMap()
                        .add("Authorization", "Bearer " + token.get()))
                .build().connect();
    }

    @Test
    void initializeListToolsAndAskAsTwoUsers() {
        AtomicReference<String> alice = new AtomicReference<>(sim.token("alice"));
        McpStreamableTestClient client = client(alice);
        client.when()
                .toolsList(page -> {
                    assertEquals(1, page.size());
                    var tool = page.findByName("ask_genie");
                    assertTrue(tool.description().contains(Sim.SALES), tool.description());
                    assertEquals(new JsonObject().put("type", "object")
                            .put("properties", new JsonObject()
                                    .put("question", new JsonObject().put("type", "string")
                                            .put("description", "The question, in natural language"))
                                    .put("conversation_id", new JsonObject().put("type", "string")
                                            .put("description", "A Genie conversation id from an earlier answer, to ask a "
                                                    + "follow-up (applies to the first Genie space)")))
                            .put("required", new io.vertx.core.json.JsonArray().add("question")), tool.inputSchema());
                })
                .toolsCall("ask_genie", Map.of("question", "What is the total sales amount?"), response -> {
                    assertFalse(response.isError());
                    assertTrue(response.content().get(0).asText().text().contains("2000"), response.content().toString());
                    JsonObject structured = (JsonObject) response.structuredContent();
                    assertEquals("COMPLETED", structured.getJsonObject("genie").getJsonObject(Sim.SALES).getString("status"));
                    assertEquals("SELECT SUM(amount) AS total FROM sales",
                            structured.getJsonObject("genie").getJsonObject(Sim.SALES).getString("sql"));
                })
                .thenAssertResults();
        AtomicReference<String> bob = new AtomicReference<>(sim.token("bob"));
        client(bob).when()
                .toolsCall("ask_genie", Map.of("question", "What is the total sales amount?"), response -> {
                    assertFalse(response.isError());
                    assertTrue(response.content().get(0).asText().text().contains("3450"));
                })
                .thenAssertResults();
    }

    @Test
    void aTokenThatChangesBetweenCallsIsTheNewIdentity() {
        AtomicReference<String> token = new AtomicReference<>(sim.token("alice"));
        McpStreamableTestClient client = client(token);
        client.when().toolsCall("ask_genie", Map.of("question", "What is the total sales amount?"),
                response -> assertTrue(response.content().get(0).asText().text().contains("2000"))).thenAssertResults();
        token.set(sim.token("dana"));
        client.when().toolsCall("ask_genie", Map.of("question", "What is the total sales amount?"),
                response -> assertTrue(response.content().get(0).asText().text().contains("6450"))).thenAssertResults();
    }

    @Test
    void aFailingTurnIsAToolError() {
        AtomicReference<String> carol = new AtomicReference<>(sim.token("carol"));
        client(carol).when().toolsCall("ask_genie", Map.of("question", "total"), response -> {
            assertTrue(response.isError());
            assertTrue(response.content().get(0).asText().text().startsWith("PERMISSION_DENIED"));
        }).thenAssertResults();
        AtomicReference<String> alice = new AtomicReference<>(sim.token("alice"));
        McpStreamableTestClient client = client(alice);
        sim.knobs("{\"llmFailures\":1000}");
        client.when().toolsCall("ask_genie", Map.of("question", "total"), response -> {
            assertTrue(response.isError());
            assertTrue(response.content().get(0).asText().text().contains("UPSTREAM_UNAVAILABLE"));
        }).thenAssertResults();
    }

    @Test
    void missingOrBadTokensGet401WithTheMetadataUrl() {
        for (String header : new String[] { null, "Bearer garbage", "Bearer " + ForgedHs() }) {
            McpAssured.newStreamableClient()
                    .setAdditionalHeaders(m -> header == null ? MultiMap.caseInsensitiveMultiMap()
                            : MultiMap.caseInsensitiveMultiMap().add("Authorization", header))
                    .setExpectConnectFailure(response -> {
                        assertEquals(401, response.statusCode());
                        String challenge = response.firstHeader("WWW-Authenticate");
                        assertTrue(challenge.startsWith("Bearer resource_metadata=\"" + metadata() + "\""), challenge);
                        assertTrue(challenge.contains("error=\""), challenge);
                    })
                    .build().connect();
        }
        given().get("/mcp/sse").then().statusCode(401);
        assertEquals(List.of(), sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))
                && !"service_principal".equals(c.get("principalType")) && c.get("principal") == null).toList());
    }

    private static String ForgedHs() {
        try {
            return dev.genieobo.support.ForgedTokens.hs256WithPublicKey(dev.genieobo.support.Sim.inAppUrl(), dev.genieobo.support.Sim.inAppUrl() + "/oidc");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void protectedResourceMetadata() {
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            given().get(path).then().statusCode(200)
                    .body("resource", equalTo(dev.genieobo.support.Sim.inAppUrl() + "/mcp"))
                    .body("authorization_servers", contains(dev.genieobo.support.Sim.inAppUrl() + "/oidc"))
                    .body("scopes_supported", contains("genie"))
                    .body("bearer_methods_supported", contains("header"));
        }
    }

    @Test
    void aForwardedHostFromAnUntrustedClientIsIgnored() {
        given().header("X-Forwarded-Host", "evil.example.com").header("X-Forwarded-Proto", "https")
                .get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .body("resource", equalTo(dev.genieobo.support.Sim.inAppUrl() + "/mcp"));
        given().header("X-Forwarded-Host", "evil.example.com").post("/mcp").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("resource_metadata=\"" + metadata() + "\""));
    }

    @Test
    void aHostHeaderCannotWriteIntoTheChallenge() throws Exception {
        for (String host : List.of("a\"b, error=\"x", "a{b}", "a\\b", "h:99999")) {
            String request = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
                assertTrue(head.startsWith("HTTP/1.1 4"), head);
                assertFalse(head.contains(host), head);
            }
        }
    }

    @Test
    void consecutiveCallsMayLandOnAnotherInstance() {
        String token = sim.token("bob");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask_genie\","
                + "\"arguments\":{\"question\":\"What is the total sales amount?\"}}}";
        for (String session : new String[] { null, "session-of-another-instance" }) {
            var request = given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .header("Accept", "application/json, text/event-stream").body(call);
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
            request.post("/mcp").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/json"))
                    .body("result.isError", equalTo(false))
                    .body("result.content[0].text", org.hamcrest.Matchers.containsString("3450"));
        }
    }
}
