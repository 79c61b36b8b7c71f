package dev.genieobo.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GenieResultParserTest {

    private final GenieResultParser parser = new GenieResultParser(new ObjectMapper());

    static String answer(String status, String dataArray) {
        return """
                {"content": {
                   "queryAttachments": [{
                     "query": "SELECT region, SUM(amount) AS total FROM sales GROUP BY region",
                     "description": "Total by region",
                     "statement_response": {
                       "statement_id": "stmt-1",
                       "status": {"state": "SUCCEEDED"},
                       "manifest": {"schema": {"columns": [{"name": "region", "type_name": "STRING"},
                                                           {"name": "total", "type_name": "LONG"}]},
                                    "total_row_count": 2, "truncated": false},
                       "result": {"data_array": %s}}}],
                   "textAttachments": ["Totals by region."],
                   "suggestedQuestions": ["What is the amount by product?"]},
                 "conversationId": "conv-1", "messageId": "msg-1", "status": "%s"}
                """.formatted(dataArray, status);
    }

    @Test
    void rowsAsValueObjects() {
        GenieResult result = parser.parse(answer("COMPLETED",
                "[{\"values\":[{\"string_value\":\"EMEA\"},{\"string_value\":\"2000\"}]},"
                        + "{\"values\":[{\"string_value\":\"AMER\"},{}]}]"));
        GenieQuery query = result.queries().get(0);
        assertEquals(List.of("region", "total"), query.columns());
        assertEquals(List.of(List.of("EMEA", "2000"), Arrays.asList("AMER", null)), query.rows());
        assertEquals("SELECT region, SUM(amount) AS total FROM sales GROUP BY region", result.sql());
        assertEquals("SUCCEEDED", query.state());
        assertEquals(2, query.totalRowCount());
        assertEquals(List.of("Totals by region."), result.texts());
        assertEquals(List.of("What is the amount by product?"), result.suggestedQuestions());
        assertEquals("conv-1", result.conversationId());
        assertEquals("msg-1", result.messageId());
    }

    @Test
    void rowsAsPlainArrays() {
        GenieResult result = parser.parse(answer("COMPLETED", "[[\"EMEA\",\"2000\"],[\"AMER\",null],[\"APAC\",7]]"));
        assertEquals(List.of(List.of("EMEA", "2000"), Arrays.asList("AMER", null), List.of("APAC", "7")),
                result.queries().get(0).rows());
    }

    @ParameterizedTest
    @ValueSource(strings = { "COMPLETED", "FAILED", "CANCELLED", "QUERY_RESULT_EXPIRED" })
    void terminalStatuses(String status) {
        GenieResult result = parser.parse(answer(status, "[]"));
        assertTrue(result.terminal());
        assertEquals("COMPLETED".equals(status), result.completed());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ASKING_AI", "PENDING_WAREHOUSE", "EXECUTING_QUERY", "FETCHING_METADATA", "SUBMITTED" })
    void nonTerminalStatuses(String status) {
        GenieResult result = parser.parse(
                "{\"content\":{\"queryAttachments\":[]},\"conversationId\":\"c\",\"messageId\":\"m\",\"status\":\"" + status + "\"}");
        assertFalse(result.terminal());
        assertTrue(result.queries().isEmpty());
        assertNull(result.sql());
    }

    @Test
    void failureTextIsKept() {
        GenieResult result = parser.parse("{\"content\":{\"textAttachments\":[\"Message processing failed: boom\"]},"
                + "\"conversationId\":\"c\",\"messageId\":\"m\",\"status\":\"FAILED\"}");
        assertEquals(List.of("Message processing failed: boom"), result.texts());
        assertFalse(result.completed());
    }

    @Test
    void notAGenieAnswer() {
        assertThrows(GenieFormatException.class, () -> parser.parse("not json"));
        assertThrows(GenieFormatException.class, () -> parser.parse("[1,2]"));
        assertThrows(GenieFormatException.class, () -> parser.parse("{\"content\":{}}"));
    }
}
