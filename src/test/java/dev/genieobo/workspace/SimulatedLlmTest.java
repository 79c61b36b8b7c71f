package dev.genieobo.workspace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scripted LLM reads the figures of a tool result the way a model would, whatever
 * form the agent passed it in: this function's condensed result, Genie's raw answer
 * (either row shape), or the MCP tool result around it.
 */
@QuarkusTest
@Timeout(60)
class SimulatedLlmTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String servicePrincipalToken() {
        return given().auth().preemptive().basic(SimulatedWorkspace.SP_CLIENT_ID, SimulatedWorkspace.SP_CLIENT_SECRET)
                .formParam("grant_type", "client_credentials").formParam("scope", "all-apis")
                .post("/oidc/v1/token").then().statusCode(200).extract().path("access_token");
    }

    /** Genie's own answer to "total" for alice, as the managed MCP server returns it in content[0].text. */
    private static ObjectNode rawGenieAnswer(boolean arrays) {
        ObjectNode answer = MAPPER.createObjectNode();
        ObjectNode attachment = answer.putObject("content").putArray("queryAttachments").addObject();
        attachment.put("query", "SELECT SUM(amount) AS total FROM sales");
        ObjectNode statement = attachment.putObject("statement_response");
        statement.putObject("manifest").putObject("schema").putArray("columns").addObject().put("name", "total");
        ArrayNode rows = statement.putObject("result").putArray("data_array");
        if (arrays) {
            rows.addArray().add("2000");
        } else {
            rows.addObject().putArray("values").addObject().put("string_value", "2000");
        }
        ((ObjectNode) answer.get("content")).putArray("textAttachments").add("The total sales amount is 2000.");
        answer.put("status", "COMPLETED");
        return answer;
    }

    private static String afterTool(String toolContent) {
        ObjectNode request = MAPPER.createObjectNode().put("model", "m");
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "user").put("content", "What is the total sales amount?");
        ObjectNode call = messages.addObject().put("role", "assistant").put("content", " ");
        call.putArray("tool_calls").addObject().put("id", "c1").put("type", "function").putObject("function")
                .put("name", "query_space_x").put("arguments", "{\"query\":\"total\"}");
        messages.addObject().put("role", "tool").put("tool_call_id", "c1").put("content", toolContent);
        return request.toString();
    }

    private static void answers(String toolContent) {
        given().header("Authorization", "Bearer " + servicePrincipalToken()).contentType("application/json")
                .body(afterTool(toolContent)).post("/serving-endpoints/chat/completions")
                .then().statusCode(200)
                .body("choices[0].message.content", equalTo("According to Genie, total is 2000."));
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void readsGeniesRawAnswerInEitherRowShape(boolean arrays) {
        answers(rawGenieAnswer(arrays).toString());
    }

    @Test
    void readsTheMcpToolResultAroundGeniesAnswer() {
        ObjectNode result = MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", rawGenieAnswer(false).toString());
        result.put("isError", false);
        answers(result.toString());
    }

    @Test
    void readsThisFunctionsCondensedResult() {
        answers("{\"space_id\":\"x\",\"status\":\"COMPLETED\",\"queries\":[{\"sql\":\"SELECT 1\",\"columns\":[\"total\"],"
                + "\"rows\":[[\"2000\"]],\"row_count\":1,\"truncated\":false}],\"text\":[]}");
    }
}
