package dev.genieobo.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpTool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The workspace Genie's tools/list, checked against what the function fills in. */
@Timeout(10)
class WorkspaceGenieToolsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static McpTool tool(String name, List<String> properties, List<String> required) {
        ObjectNode schema = MAPPER.createObjectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        properties.forEach(p -> props.putObject(p).put("type", "string"));
        required.forEach(schema.withArray("required")::add);
        return new McpTool(name, "", schema);
    }

    private static List<McpTool> server(String responseId) {
        List<McpTool> tools = new ArrayList<>();
        tools.add(tool("genie_ask", List.of("query", "conversation_id"), List.of("query")));
        for (String name : List.of("genie_poll_response", "genie_get_query_result", "genie_cancel_response")) {
            tools.add(tool(name, List.of("conversation_id", responseId), List.of("conversation_id", responseId)));
        }
        return tools;
    }

    @Test
    void theExpectedToolsPass() {
        WorkspaceGenieTools tools = WorkspaceGenieTools.check(server("response_id"));
        assertEquals(List.of(), tools.problems());
        assertFalse(tools.fatal());
        assertEquals("response_id", tools.responseArgument());
        assertEquals("genie_cancel_response", tools.cancel());
    }

    @Test
    void theAnswersIdIsReadFromTheSchema() {
        WorkspaceGenieTools tools = WorkspaceGenieTools.check(server("message_id"));
        assertFalse(tools.fatal(), tools.problems().toString());
        assertEquals("message_id", tools.responseArgument());
    }

    @Test
    void anUnknownRequiredArgumentIsFatal() {
        List<McpTool> listed = new ArrayList<>(server("response_id"));
        listed.set(1, tool("genie_poll_response", List.of("conversation_id", "response_id", "attachment_id"),
                List.of("conversation_id", "response_id", "attachment_id")));
        WorkspaceGenieTools tools = WorkspaceGenieTools.check(listed);
        assertTrue(tools.fatal());
        assertTrue(tools.describe().contains("genie_poll_response requires [attachment_id]"), tools.describe());
    }

    @Test
    void withoutCancelOrResultToolsTurnsStillRun() {
        List<McpTool> listed = server("response_id").subList(0, 2);
        WorkspaceGenieTools tools = WorkspaceGenieTools.check(listed);
        assertFalse(tools.fatal());
        assertNull(tools.cancel());
        assertNull(tools.result());
        assertTrue(tools.describe().contains("not cancelled") && tools.describe().contains("without their rows"),
                tools.describe());
    }

    @Test
    void noAskToolIsFatal() {
        WorkspaceGenieTools tools = WorkspaceGenieTools.check(server("response_id").subList(1, 4));
        assertTrue(tools.fatal());
        assertTrue(tools.describe().contains("lists no genie_ask"), tools.describe());
    }
}
