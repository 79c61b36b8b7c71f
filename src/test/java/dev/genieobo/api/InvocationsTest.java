package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /invocations} through HTTP against the simulated workspace. */
@QuarkusTest
class InvocationsTest implements FreshWorkspace {

    private final Sim sim = Sim.inApp();

    private Response ask(String token, String question) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question(question)).post("/invocations");
    }

    @Test
    void eachUserGetsTheTotalTheirPermissionsAllow() {
        assertAnswer("alice", "2000");
        assertAnswer("bob", "3450");
        assertAnswer("dana", "6450");
    }

    private void assertAnswer(String user, String figure) {
        Response response = ask(sim.token(user), "What is the total sales amount?");
        response.then().statusCode(200)
                .body("messages", hasSize(3))
                .body("messages[0].role", equalTo("assistant"))
                .body("messages[0].tool_calls[0].function.name", equalTo("query_space_" + Sim.SALES))
                .body("messages[1].role", equalTo("tool"))
                .body("messages[1].tool_call_id", equalTo(response.path("messages[0].tool_calls[0].id")))
                .body("messages[2].role", equalTo("assistant"))
                .body("messages[2].content", containsString(figure))
                .body("finish_reason", equalTo("stop"))
                .body("usage.total_tokens", notNullValue())
                .body("custom_outputs.genie." + Sim.SALES + ".status", equalTo("COMPLETED"))
                .body("custom_outputs.genie." + Sim.SALES + ".sql", equalTo("SELECT SUM(amount) AS total FROM sales"))
                .body("custom_outputs.genie." + Sim.SALES + ".conversation_id", notNullValue())
                .body("custom_outputs.genie." + Sim.SALES + ".message_id", notNullValue())
                .body("custom_outputs.unavailable_spaces", hasSize(0));
        List<String> ids = response.path("messages.id");
        assertEquals(3, new HashSet<>(ids).size(), "message ids are unique: " + ids);
        int usage = response.path("usage.total_tokens");
        assertTrue(usage > 0);
    }

    @Test
    void usageSumsBothLlmCalls() {
        Response response = ask(sim.token("alice"), "What is the total sales amount?");
        response.then().statusCode(200);
        long llmCalls = sim.calls().stream().filter(c -> "llm".equals(c.get("kind"))).count();
        assertEquals(2, llmCalls);
        int prompt = response.path("usage.prompt_tokens");
        int completion = response.path("usage.completion_tokens");
        int total = response.path("usage.total_tokens");
        assertEquals(prompt + completion, total);
    }

    @Test
    void forwardedAccessTokenIsAccepted() {
        given().header("X-Forwarded-Access-Token", sim.token("bob")).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations")
                .then().statusCode(200).body("messages[2].content", containsString("3450"));
    }

    @Test
    void aUserWithoutAccessToTheSpaceGets403NamingIt() {
        // The first LLM call starts beside the Genie sessions; when every space refuses
        // the caller, that call is abandoned before the model answers (it may not even
        // have reached the workspace).
        sim.knobs("{\"llmLatencyMs\":400}");
        ask(sim.token("carol"), "What is the total sales amount?").then().statusCode(403)
                .body("error_code", equalTo("PERMISSION_DENIED"))
                .body("message", containsString(Sim.SALES));
        // for twice the LLM's latency, no LLM call is answered: one not abandoned would have been by then
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(800)).atMost(java.time.Duration.ofSeconds(3))
                .until(() -> sim.calls().stream().filter(c -> "llm".equals(c.get("kind")))
                        .noneMatch(c -> Integer.valueOf(200).equals(c.get("status"))));
        List<Map<String, Object>> llm = sim.calls().stream().filter(c -> "llm".equals(c.get("kind"))).toList();
        assertTrue(llm.size() <= 1, "at most the one speculative LLM call: " + llm);
        assertTrue(llm.stream().allMatch(c -> Integer.valueOf(499).equals(c.get("status"))),
                "and it was abandoned before it was answered: " + llm);
        List<Object> genie = sim.calls().stream().filter(c -> "genie".equals(c.get("kind")))
                .map(c -> c.get("rpcMethod") + " " + c.get("status")).map(Object.class::cast).toList();
        assertEquals(List.of("initialize 403"), genie);
    }

    @Test
    void theFirstLlmCallDoesNotWaitForTheGenieHandshake() {
        sim.knobs("{\"llmLatencyMs\":150,\"genieLatencyMs\":150,\"genieImmediate\":true}");
        ask(sim.token("alice"), "What is the total sales amount?").then().statusCode(200);
        List<Map<String, Object>> calls = sim.calls().stream()
                .filter(c -> "llm".equals(c.get("kind")) || "genie".equals(c.get("kind"))).toList();
        Map<String, Object> firstLlm = calls.stream().filter(c -> "llm".equals(c.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> initialize = calls.stream().filter(c -> "initialize".equals(c.get("rpcMethod"))).findFirst()
                .orElseThrow();
        Map<String, Object> query = calls.stream().filter(c -> "tools/call".equals(c.get("rpcMethod"))).findFirst()
                .orElseThrow();
        assertTrue(micros(firstLlm, "arrivedMicros") < micros(initialize, "answeredMicros"),
                "the first LLM call started before initialize was answered: " + calls);
        assertTrue(micros(query, "arrivedMicros") < micros(calls.stream()
                .filter(c -> "notifications/initialized".equals(c.get("rpcMethod"))).findFirst().orElseThrow(),
                "answeredMicros"), "the query did not wait for the answer to notifications/initialized: " + calls);
        assertEquals(List.of(), calls.stream().filter(c -> "tools/list".equals(c.get("rpcMethod"))).toList(),
                "the tools come from configuration and the Genie contract");
    }

    private static long micros(Map<String, Object> call, String field) {
        return ((Number) call.get(field)).longValue();
    }

    @Test
    void aGenieServerWithOtherToolNamesIsListedOnceAndStillAnswers() {
        sim.knobs("{\"genieToolNameSuffix\":\"_v2\"}");
        ask(sim.token("alice"), "What is the total sales amount?").then().statusCode(200)
                .body("messages[2].content", containsString("2000"));
        List<Object> methods = sim.calls().stream().filter(c -> "genie".equals(c.get("kind")))
                .map(c -> c.get("rpcMethod") + " " + c.get("status"))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        // the notification is sent, not awaited: it may be answered before or after the first query
        assertTrue(methods.remove("notifications/initialized 202"), methods.toString());
        assertEquals(List.of("initialize 200", "tools/call 200", "tools/list 200", "tools/call 200", "tools/call 200",
                "DELETE 200"), methods);
    }

    @Test
    void missingOrMalformedTokensGet401AndNoUpstreamCall() {
        given().contentType("application/json").body(Sim.question("total")).post("/invocations")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("error_code", equalTo("UNAUTHENTICATED"));
        for (String header : List.of("", "Bearer", "Bearer ", "Basic YWxpY2U6cHc=", "Bearer a b", "Token abc")) {
            given().header("Authorization", header).contentType("application/json").body(Sim.question("total"))
                    .post("/invocations").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                    .body("message", notNullValue());
        }
        given().header("X-Forwarded-Access-Token", "").contentType("application/json").body(Sim.question("total"))
                .post("/invocations").then().statusCode(401);
        assertEquals(List.of(), sim.calls(), "the workspace saw no call");
    }

    @Test
    void badBodiesGet400() {
        String token = sim.token("alice");
        sim.clearCalls();
        for (String body : List.of("not json", "[]", "{}", "{\"messages\":[]}",
                "{\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}",
                "{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"custom_inputs\":{\"space_ids\":[\"nope\"]}}")) {
            given().header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                    .post("/invocations").then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        }
        assertEquals(List.of(), sim.calls(), "no upstream call for a bad body");
    }

    @Test
    void streamingReportsAnUpstreamFailureAsAnErrorEvent() {
        String token = sim.token("alice");
        sim.knobs("{\"llmFailures\":100}");
        String body = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"total\"}],\"stream\":true}")
                .post("/invocations").then().statusCode(200).extract().asString();
        assertTrue(body.startsWith("data: {\"error\":{\"error_code\":\"UPSTREAM_UNAVAILABLE\""), body);
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
    }

    @Test
    void llmServerErrorIsRetried() {
        String token = sim.token("alice");
        sim.knobs("{\"llmFailures\":1,\"llmFailureStatus\":500}");
        ask(token, "What is the total sales amount?").then().statusCode(200)
                .body("messages[2].content", containsString("2000"));
        List<Object> statuses = sim.calls().stream().filter(c -> "llm".equals(c.get("kind")))
                .map(c -> c.get("status")).toList();
        assertEquals(List.of(500, 200, 200), statuses);
    }

    @Test
    void llmThatKeepsFailingIs502() {
        String token = sim.token("alice");
        sim.knobs("{\"llmFailures\":100,\"llmFailureStatus\":503}");
        ask(token, "total").then().statusCode(502).body("error_code", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("message", containsString("LLM"));
    }

    @Test
    void genieFailureReachesTheModelAsAToolError() {
        Response response = ask(sim.token("alice"), "please fail this query");
        response.then().statusCode(200)
                .body("messages[1].content", startsWith("Error: Genie could not answer (status FAILED)"))
                .body("messages[2].content", containsString("could not be answered"))
                .body("custom_outputs.genie." + Sim.SALES + ".status", equalTo("FAILED"));
    }

    @Test
    void pollingContinuesUntilTerminalAndBothRowShapesWork() {
        String token = sim.token("bob");
        sim.knobs("{\"geniePendingPolls\":3,\"rowShape\":\"arrays\"}");
        ask(token, "amount by product").then().statusCode(200)
                .body("messages[2].content", containsString("gadgets, amount 450"))
                .body("messages[2].content", containsString("widgets, amount 3000"));
        long polls = sim.calls().stream().filter(c -> "tools/call".equals(c.get("rpcMethod"))).count();
        assertEquals(1 + 4, polls, "one query and four polls (three pending, then COMPLETED)");
    }

    @Test
    void genieSessionsAreOpenedAndClosedAsTheUser() {
        String token = sim.token("alice");
        ask(token, "total").then().statusCode(200);
        List<Map<String, Object>> genie = sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList();
        List<Object> methods = genie.stream().map(c -> c.get("rpcMethod"))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        // the notification is sent, not awaited: it may be answered before or after the query
        assertTrue(methods.remove("notifications/initialized"), methods.toString());
        assertEquals(List.of("initialize", "tools/call", "tools/call", "DELETE"), methods);
        assertTrue(genie.stream().allMatch(c -> Sim.fingerprint(token).equals(c.get("tokenSha256"))));
    }

    @Test
    void customInputsCanContinueAGenieConversation() {
        String token = sim.token("alice");
        String first = ask(token, "total").then().statusCode(200).extract()
                .path("custom_outputs.genie." + Sim.SALES + ".conversation_id");
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"amount by region\"}],"
                        + "\"custom_inputs\":{\"conversation_ids\":{\"" + Sim.SALES + "\":\"" + first + "\"}}}")
                .post("/invocations").then().statusCode(200)
                .body("custom_outputs.genie." + Sim.SALES + ".conversation_id", equalTo(first));
    }

    @Test
    void toolCallsOfOneReplyRunConcurrently() {
        String token = sim.token("dana");
        sim.knobs("{\"llmToolCallsPerSpace\":3,\"genieLatencyMs\":150}");
        Response response = ask(token, "What is the total sales amount?");
        response.then().statusCode(200)
                .body("messages", hasSize(5))
                .body("messages[0].tool_calls", hasSize(3))
                .body("messages[1].role", equalTo("tool"))
                .body("messages[3].role", equalTo("tool"))
                .body("messages[4].content", containsString("6450"));
        List<String> answered = response.path("messages[1..3].tool_call_id");
        assertEquals(response.<List<String>>path("messages[0].tool_calls.id"), answered, "results in call order");
        int overlap = given().get("/sim/stats").then().statusCode(200).extract().path("maxConcurrentGenieToolCalls");
        assertEquals(3, overlap, "the three Genie queries were in flight together");
    }

    @Test
    void sessionsCloseDuringTheLastLlmCallAndReopenWhenMoreToolsAreWanted() {
        String token = sim.token("bob");
        sim.knobs("{\"llmToolRounds\":2}");
        ask(token, "What is the total sales amount?").then().statusCode(200)
                .body("messages", hasSize(5))
                .body("messages[3].role", equalTo("tool"))
                .body("messages[4].content", containsString("3450"));
        List<Object> methods = sim.calls().stream().filter(c -> "genie".equals(c.get("kind")))
                .map(c -> c.get("rpcMethod")).toList();
        assertEquals(2, methods.stream().filter("initialize"::equals).count(), "opened again for round two: " + methods);
        assertEquals(2, methods.stream().filter("DELETE"::equals).count(), "and closed twice: " + methods);
        assertEquals("DELETE", methods.get(methods.size() - 1));
        List<Map<String, Object>> genie = sim.calls().stream().filter(c -> "genie".equals(c.get("kind"))).toList();
        assertTrue(genie.stream().allMatch(c -> Sim.fingerprint(token).equals(c.get("tokenSha256"))));
    }
}
