package dev.genieobo.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.it.StandaloneWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function as an AWS Lambda handler (only with {@code -Plambda}): API Gateway v2
 * (HTTP API) events go through Quarkus' mock event server, which takes the place of
 * the HTTP server on the test port. The Lambda poll loop serves one event at a time,
 * so the function cannot call a workspace mounted on itself: the simulated workspace
 * runs in the test JVM ({@link StandaloneWorkspace}).
 */
@QuarkusTest
@QuarkusTestResource(value = StandaloneWorkspace.class, restrictToAnnotatedClass = true)
class LambdaEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Sim sim() {
        return new Sim(StandaloneWorkspace.url());
    }

    static String event(String token, String body) throws Exception {
        return JSON.writeValueAsString(Map.of(
                "version", "2.0",
                "routeKey", "$default",
                "rawPath", "/invocations",
                "rawQueryString", "",
                "headers", Map.of("authorization", "Bearer " + token, "content-type", "application/json"),
                "requestContext", Map.of("http", Map.of("method", "POST", "path", "/invocations",
                        "protocol", "HTTP/1.1", "sourceIp", "127.0.0.1"), "requestId", "test-1", "stage", "$default"),
                "body", body,
                "isBase64Encoded", false));
    }

    @Test
    void apiGatewayV2EventGetsAlicesAnswer() throws Exception {
        String event = event(sim().token("alice"), Sim.question("What is the total sales amount?"));
        Response response = given().contentType("application/json").body(event).post("/_lambda_");
        response.then().statusCode(200)
                .body("statusCode", equalTo(200))
                .body("headers.Content-Type", startsWith("application/json"))
                .body("isBase64Encoded", equalTo(false));
        JsonPath answer = new JsonPath(response.path("body").toString());
        org.hamcrest.MatcherAssert.assertThat(answer.getString("messages[2].content"), containsString("2000"));
    }

    @Test
    void noTokenIs401InTheLambdaResponse() throws Exception {
        String event = JSON.writeValueAsString(Map.of("version", "2.0", "routeKey", "$default", "rawPath", "/invocations",
                "headers", Map.of("content-type", "application/json"),
                "requestContext", Map.of("http", Map.of("method", "POST")),
                "body", Sim.question("total"), "isBase64Encoded", false));
        Response response = given().contentType("application/json").body(event).post("/_lambda_");
        response.then().statusCode(200).body("statusCode", equalTo(401));
    }

    @Test
    void plainHttpIsTurnedIntoAnEvent() {
        given().header("Authorization", "Bearer " + sim().token("bob")).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations")
                .then().statusCode(200).body("messages[2].content", containsString("3450"));
    }

    /**
     * No response streaming: the handler buffers the whole SSE stream into one
     * response body. (A plain HTTP request with "stream": true through the mock
     * server hangs: the mock relays the handler's empty Transfer-Encoding header.)
     */
    @Test
    void streamingIsBufferedIntoOneResponse() throws Exception {
        String event = event(sim().token("alice"),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the total sales amount?\"}],\"stream\":true}");
        Response response = given().contentType("application/json").body(event).post("/_lambda_");
        response.then().statusCode(200).body("statusCode", equalTo(200))
                .body("headers.Content-Type", startsWith("text/event-stream"))
                .body("body", startsWith("data: {\"delta\":"))
                .body("body", containsString("2000"))
                .body("body", endsWith("data: [DONE]\n\n"));
    }
}
