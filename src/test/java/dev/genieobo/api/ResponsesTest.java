package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import dev.genieobo.support.SseStream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /responses}, the ResponsesAgent format. */
@QuarkusTest
class ResponsesTest implements FreshWorkspace {

    private final Sim sim = Sim.inApp();

    private Response post(String token, String body) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                .post("/responses");
    }

    @Test
    void outputItemsForAToolTurn() {
        Response response = post(sim.token("bob"),
                "{\"input\":[{\"role\":\"user\",\"content\":\"What is the total sales amount?\"}]}");
        response.then().statusCode(200)
                .body("object", equalTo("response"))
                .body("output", hasSize(4))
                .body("output[0].type", equalTo("message"))
                .body("output[1].type", equalTo("function_call"))
                .body("output[1].name", equalTo("query_space_" + Sim.SALES))
                .body("output[2].type", equalTo("function_call_output"))
                .body("output[2].call_id", equalTo(response.path("output[1].call_id")))
                .body("output[3].type", equalTo("message"))
                .body("output[3].role", equalTo("assistant"))
                .body("output[3].content[0].type", equalTo("output_text"))
                .body("output[3].content[0].text", containsString("3450"))
                .body("usage.total_tokens", equalTo((int) response.path("usage.input_tokens") + (int) response.path("usage.output_tokens")))
                .body("custom_outputs.genie." + Sim.SALES + ".status", equalTo("COMPLETED"));
    }

    @Test
    void inputAsContentPartsAndEarlierItems() {
        String body = """
                {"input":[
                  {"role":"user","content":[{"type":"input_text","text":"What is the total?"}]},
                  {"type":"function_call","call_id":"c0","name":"query_space_%s","arguments":"{\\"query\\":\\"total\\"}"},
                  {"type":"function_call_output","call_id":"c0","output":"{\\"rows\\":[[\\"2000\\"]]}"},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"2000"}]},
                  {"role":"user","content":"What is the total sales amount?"}]}
                """.formatted(Sim.SALES);
        post(sim.token("alice"), body).then().statusCode(200)
                .body("output[3].content[0].text", containsString("2000"));
    }

    @Test
    void badInputIs400() {
        String token = sim.token("alice");
        for (String body : List.of("{}", "{\"input\":[]}", "{\"input\":[{\"type\":\"image\",\"url\":\"x\"}]}",
                "{\"input\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}", "{\"input\":[{\"role\":\"user\",\"content\":7}]}")) {
            post(token, body).then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        }
        given().contentType("application/json").body("{\"input\":\"hi\"}").post("/responses").then().statusCode(401);
    }

    @Test
    void anErrorMidStreamIsAnErrorEventThenDone() throws Exception {
        String token = sim.token("alice");
        sim.knobs("{\"llmFailures\":1000}");
        String body = post(token, "{\"input\":\"total\",\"stream\":true}").then().statusCode(200).extract().asString();
        List<JsonNode> events = SseStream.events(body);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("error", last.path("type").asText());
        assertEquals("UPSTREAM_UNAVAILABLE", last.path("code").asText());
        assertTrue(last.path("message").asText().contains("LLM"));
    }
}
