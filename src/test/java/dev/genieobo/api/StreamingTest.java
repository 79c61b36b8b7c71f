package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import dev.genieobo.support.SseStream;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code "stream": true} shows the turn as it happens, in both wire formats: the answer
 * piece by piece as the LLM writes it, the tool call once decided, every Genie status in
 * order before the tool result, an error event after what was sent, and the caller's
 * Genie sessions closed before the stream ends.
 */
@QuarkusTest
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class StreamingTest implements FreshWorkspace {

    private static final String QUESTION = "What is the total sales amount?";

    private final Sim sim = Sim.inApp();

    /** The events of a stream, in order (the closing [DONE] checked and left out). */
    private List<JsonNode> stream(String format, String user) {
        return SseStream.ask(format, sim.token(user), QUESTION);
    }

    private String answerWithoutStreaming(String format, String user) {
        var response = given().header("Authorization", "Bearer " + sim.token(user)).contentType("application/json")
                .body(SseStream.request(format, QUESTION, false)).post("/" + format).then().statusCode(200).extract();
        return format.equals("invocations") ? response.path("messages[2].content")
                : response.path("output[3].content[0].text");
    }

    private static int indexOf(List<JsonNode> events, java.util.function.Predicate<JsonNode> which) {
        for (int i = 0; i < events.size(); i++) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice", "bob" })
    void chatAgentPiecesOfTheAnswerJoinedAreTheAnswer(String user) throws Exception {
        String whole = answerWithoutStreaming("invocations", user);
        List<JsonNode> events = stream("invocations", user);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("stop", last.path("finish_reason").asText());
        assertTrue(last.path("usage").path("total_tokens").asLong() > 0);
        assertEquals("COMPLETED", last.path("custom_outputs").path("genie").path(Sim.SALES).path("status").asText());
        String answerId = last.path("delta").path("id").asText();
        List<String> pieces = SseStream.answerPieces("invocations", events);
        assertTrue(pieces.size() > 2, "the answer came in pieces: " + pieces);
        assertEquals(whole, String.join("", pieces));
        int toolCall = indexOf(events, e -> e.path("delta").has("tool_calls"));
        int status = indexOf(events, e -> e.path("custom_outputs").has("genie_status"));
        int result = indexOf(events, e -> "tool".equals(e.path("delta").path("role").asText())
                && !e.path("delta").path("content").asText().isEmpty());
        int firstPiece = indexOf(events, e -> answerId.equals(e.path("delta").path("id").asText()));
        assertTrue(0 < toolCall && toolCall < status && status < result && result < firstPiece,
                "the first message's pieces, its tool call, Genie's status, the result, the answer: " + events);
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice", "dana" })
    void responsesTextDeltasJoinedAreTheAnswer(String user) throws Exception {
        String whole = answerWithoutStreaming("responses", user);
        List<JsonNode> events = stream("responses", user);
        assertEquals("response.completed", events.get(events.size() - 1).path("type").asText());
        JsonNode done = events.get(events.size() - 2);
        assertEquals("response.output_item.done", done.path("type").asText());
        String answerId = done.path("item").path("id").asText();
        assertEquals(whole, done.path("item").path("content").path(0).path("text").asText());
        List<String> pieces = SseStream.answerPieces("responses", events);
        assertTrue(pieces.size() > 2, "the answer came in pieces: " + pieces);
        assertEquals(whole, String.join("", pieces));
        int added = indexOf(events, e -> "response.output_item.added".equals(e.path("type").asText())
                && answerId.equals(e.path("item").path("id").asText()));
        int firstPiece = indexOf(events, e -> answerId.equals(e.path("item_id").asText()));
        assertTrue(added >= 0 && added < firstPiece, "the item is announced before its text");
        int call = indexOf(events, e -> "function_call".equals(e.path("item").path("type").asText())
                && "response.output_item.done".equals(e.path("type").asText()));
        int status = indexOf(events, e -> "genie.status".equals(e.path("type").asText()));
        int output = indexOf(events, e -> "function_call_output".equals(e.path("item").path("type").asText())
                && "response.output_item.done".equals(e.path("type").asText()));
        assertTrue(call < status && status < output && output < firstPiece, events.toString());
        assertEquals(events.get(status).path("item_id").asText(), events.get(output).path("item").path("id").asText(),
                "the status is reported under the output item it leads to");
    }

    @Test
    void theLlmStreamsOnlyForACallerWhoStreams() throws Exception {
        answerWithoutStreaming("invocations", "alice");
        assertEquals(0, sim.llmStreams().size(), "a caller who does not stream gets today's answer, unstreamed");
        stream("invocations", "alice");
        assertEquals(2, sim.llmStreams().size(), "both LLM calls of a streamed turn were streamed");
    }

    @Test
    void toolCallsSplitAcrossChunksAreAssembled() throws Exception {
        sim.knobs("{\"llmToolCallsPerSpace\":2}"); // two calls in one reply, each with its arguments in three pieces
        List<JsonNode> events = stream("invocations", "bob");
        JsonNode calls = events.get(indexOf(events, e -> e.path("delta").has("tool_calls"))).path("delta").path("tool_calls");
        assertEquals(2, calls.size(), calls.toString());
        for (JsonNode call : calls) {
            assertEquals("query_space_" + Sim.SALES, call.path("function").path("name").asText());
            assertEquals("{\"query\":\"" + QUESTION + "\"}", call.path("function").path("arguments").asText());
            assertTrue(call.path("id").asText().startsWith("call_"));
        }
        assertTrue(events.get(events.size() - 1).path("delta").path("id").asText().length() > 0);
        long questions = sim.calls().stream().filter(c -> String.valueOf(c.get("tool")).startsWith("query_space_")).count();
        assertEquals(2, questions, "Genie got both questions, whole");
    }

    @ParameterizedTest
    @ValueSource(strings = { "invocations", "responses" })
    void everyGenieStatusArrivesInOrderBeforeTheToolResult(String format) throws Exception {
        // each status lasts at least a tenth of the answer time (SimGenieMessages.PHASE_ENDS): 400 ms
        // against a 20 ms poll, so that a loaded machine's slow poll does not skip one
        sim.knobs("{\"genieAnswerMs\":4000}");
        List<JsonNode> events = stream(format, "alice");
        List<SseStream.Indexed> reported = SseStream.genieStatuses(format, events);
        assertEquals(Sim.GENIE_STATUSES, reported.stream().map(s -> s.node().path("status").asText()).toList());
        reported.forEach(s -> assertEquals(Sim.SALES, s.node().path("space_id").asText()));
        int lastStatus = reported.get(reported.size() - 1).index();
        int result = format.equals("invocations")
                ? indexOf(events, e -> "tool".equals(e.path("delta").path("role").asText())
                        && !e.path("delta").path("content").asText().isEmpty())
                : indexOf(events, e -> "function_call_output".equals(e.path("item").path("type").asText())
                        && "response.output_item.done".equals(e.path("type").asText()));
        assertTrue(lastStatus < result, "every status before the result");
    }

    @ParameterizedTest
    @ValueSource(strings = { "invocations", "responses" })
    void anLlmFailureMidStreamEndsWithTheErrorEventAfterWhatWasSent(String format) throws Exception {
        sim.knobs("{\"llmCallsBeforeFailure\":1,\"llmFailureStatus\":503}");
        int sessions = sim.openGenieSessions();
        List<JsonNode> events = stream(format, "alice");
        JsonNode last = events.get(events.size() - 1);
        String code = format.equals("invocations") ? last.path("error").path("error_code").asText() : last.path("code").asText();
        assertEquals("UPSTREAM_UNAVAILABLE", code, last.toString());
        int result = format.equals("invocations")
                ? indexOf(events, e -> "tool".equals(e.path("delta").path("role").asText())
                        && !e.path("delta").path("content").asText().isEmpty())
                : indexOf(events, e -> "function_call_output".equals(e.path("item").path("type").asText()));
        assertTrue(result >= 0 && result < events.size() - 1, "the tool result was sent before the error: " + events);
        assertEquals(sessions, sim.openGenieSessions(), "the sessions were closed before the stream ended");
    }

    @ParameterizedTest
    @ValueSource(strings = { "invocations", "responses" })
    void theCallersSessionsAreClosedBeforeTheStreamEnds(String format) throws Exception {
        int sessions = sim.openGenieSessions();
        stream(format, "dana");
        assertEquals(sessions, sim.openGenieSessions(), "closed (and the credential dropped) before [DONE]");
        assertTrue(sim.calls().stream().anyMatch(c -> "DELETE".equals(c.get("rpcMethod"))
                && Integer.valueOf(200).equals(c.get("status"))), "ended as the caller");
    }
}
