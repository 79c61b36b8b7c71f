package dev.genieobo.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.identity.CallerVerifier;
import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.RawMcp;
import dev.genieobo.support.Sim;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolManager.ToolArguments;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An MCP request's token is verified once: by the gate, whose result the tool call makes
 * its credential of (the verifier's own count of checks). A tool call that did not come
 * through the gate has no verified caller and is refused before anything is called.
 */
@QuarkusTest
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class McpVerifiedOnceTest implements FreshWorkspace {

    private final Sim sim = Sim.inApp();

    @Inject
    CallerVerifier verifier;

    @Inject
    AskGenieTool tool;

    @Test
    void aToolCallVerifiesItsTokenOnce() {
        String token = sim.token("alice");
        String session = RawMcp.session(token);
        for (String request : List.of(RawMcp.ASK_GENIE,
                "{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":\"tools/list\"}")) {
            long before = verifier.verifications();
            Response answer = RawMcp.send(token, session, request);
            answer.then().statusCode(200);
            assertEquals(1, verifier.verifications() - before, "verifications of one request: " + request);
            if (request.equals(RawMcp.ASK_GENIE)) {
                assertEquals(false, answer.jsonPath().getBoolean("result.isError"), answer.asString());
                assertTrue(answer.jsonPath().getString("result.content[0].text").contains("2000"), answer.asString());
            }
        }
    }

    @Test
    void aToolCallWithoutAVerifiedCallerIsRefused() {
        ToolArguments arguments = (ToolArguments) Proxy.newProxyInstance(ToolArguments.class.getClassLoader(),
                new Class<?>[] { ToolArguments.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "args" -> Map.of("question", "What is the total sales amount?");
                    case "toString" -> "arguments";
                    default -> null;
                });
        ManagedContext requests = Arc.container().requestContext();
        requests.activate(); // a request context, but no HTTP request that passed the gate
        try {
            ToolResponse response = tool.call(arguments);
            assertTrue(response.isError(), response.toString());
            String text = ((TextContent) response.content().get(0)).text();
            assertTrue(text.startsWith("UNAUTHENTICATED"), text);
        } finally {
            requests.terminate();
        }
        assertEquals(List.of(), sim.calls(), "nothing may reach the workspace for a refused call");
    }
}
