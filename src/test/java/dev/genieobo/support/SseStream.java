package dev.genieobo.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A turn streamed with {@code "stream": true} in the function's two wire formats, named by
 * their path: {@code invocations} (ChatAgent) and {@code responses} (ResponsesAgent). Its
 * events, Genie's statuses among them, and the pieces of its final answer.
 */
public final class SseStream {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SseStream() {
    }

    /** A request body with one user question in {@code format}. */
    public static String request(String format, String question, boolean stream) {
        return format.equals("invocations")
                ? "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],\"stream\":" + stream + "}"
                : "{\"input\":\"" + question + "\",\"stream\":" + stream + "}";
    }

    /** Streams a turn as {@code token} from the test application: its events (a 200 event stream). */
    public static List<JsonNode> ask(String format, String token, String question) {
        return events(given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(request(format, question, true)).post("/" + format).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString());
    }

    /** The events of a stream, in order (each frame a {@code data:} line; the closing [DONE] checked and left out). */
    public static List<JsonNode> events(String text) {
        String[] frames = text.split("\n\n");
        assertEquals("data: [DONE]", frames[frames.length - 1], text);
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < frames.length - 1; i++) {
            assertTrue(frames[i].startsWith("data: "), frames[i]);
            try {
                events.add(MAPPER.readTree(frames[i].substring(6)));
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + frames[i], e);
            }
        }
        return events;
    }

    /** Genie's status reports ({@code status}, {@code space_id}) among the events, with their indexes there. */
    public static List<Indexed> genieStatuses(String format, List<JsonNode> events) {
        List<Indexed> statuses = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            JsonNode status = format.equals("invocations") ? e.path("custom_outputs").path("genie_status")
                    : "genie.status".equals(e.path("type").asText()) ? e : e.path("none");
            if (status.has("status")) {
                statuses.add(new Indexed(i, status));
            }
        }
        return statuses;
    }

    /** An event (or a part of one) and its index in the stream. */
    public record Indexed(int index, JsonNode node) {
    }

    /**
     * The pieces of the final answer, in order: in ChatAgent the deltas with the last
     * event's message id, in Responses the text deltas of the item done before
     * {@code response.completed}.
     */
    public static List<String> answerPieces(String format, List<JsonNode> events) {
        if (format.equals("invocations")) {
            String answerId = events.get(events.size() - 1).path("delta").path("id").asText();
            return events.stream().filter(e -> answerId.equals(e.path("delta").path("id").asText()))
                    .map(e -> e.path("delta").path("content").asText()).toList();
        }
        String answerId = events.get(events.size() - 2).path("item").path("id").asText();
        return events.stream().filter(e -> "response.output_text.delta".equals(e.path("type").asText())
                && answerId.equals(e.path("item_id").asText())).map(e -> e.path("delta").asText()).toList();
    }
}
