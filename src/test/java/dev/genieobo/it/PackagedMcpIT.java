package dev.genieobo.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.genieobo.support.Sim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged application's MCP server with {@code genie-obo.mcp.accept-workspace-tokens=true}
 * (the operator's explicit choice of token passthrough): a tool call as alice, and a 401
 * with the metadata without a token.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedMcpIT.Passthrough.class, restrictToAnnotatedClass = true)
class PackagedMcpIT {

    /** The standalone workspace, and the operator's choice. */
    public static class Passthrough extends StandaloneWorkspace {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("genie-obo.mcp.accept-workspace-tokens", "true");
            return config;
        }
    }

    @Test
    void mcpToolCall() {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask_genie\","
                + "\"arguments\":{\"question\":\"What is the total sales amount?\"}}}";
        given().header("Authorization", "Bearer " + new Sim(StandaloneWorkspace.url()).token("alice"))
                .contentType("application/json").header("Accept", "application/json, text/event-stream").body(call)
                .post("/mcp").then().statusCode(200).body("result.isError", equalTo(false))
                .body("result.content[0].text", containsString("2000"));
        given().contentType("application/json").header("Accept", "application/json, text/event-stream").body(call)
                .post("/mcp").then().statusCode(401).header("WWW-Authenticate", containsString("resource_metadata="));
    }
}
