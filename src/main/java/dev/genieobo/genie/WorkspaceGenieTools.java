package dev.genieobo.genie;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genieobo.mcp.McpTool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The workspace Genie's tools as its {@code tools/list} describes them, checked against
 * what this function fills in. Known for certain (docs/workspace.md, "The workspace's
 * own Genie"): the names {@code genie_ask}, {@code genie_poll_response},
 * {@code genie_get_query_result} and {@code genie_cancel_response}, and that
 * {@code genie_ask} takes {@code query} and an optional {@code conversation_id}. Not
 * known, so read from the schemas: what the other three call the answer's id
 * ({@code response_id} in third-party code, or {@code message_id} as a space's poll
 * tool has it). A required argument the function cannot fill, or a missing ask or poll
 * tool, is a {@linkplain #fatal() fatal} problem: every turn fails with it instead of
 * sending Genie arguments it did not ask for. A missing result or cancel tool is not:
 * answers come without their rows, or are not cancelled.
 *
 * @param responseArgument what the poll, result and cancel tools call the answer's id
 * @param result the query-result tool, or null
 * @param cancel the cancel tool, or null
 */
record WorkspaceGenieTools(String ask, String conversationArgument, String poll, String responseArgument,
        String result, String cancel, List<String> problems, boolean fatal) {

    static final String ASK = "genie_ask";
    static final String POLL = "genie_poll_response";
    static final String RESULT = "genie_get_query_result";
    static final String CANCEL = "genie_cancel_response";
    static final String QUERY = "query";
    static final String CONVERSATION = "conversation_id";
    private static final List<String> RESPONSE_IDS = List.of("response_id", "message_id");

    /** Checks a {@code tools/list} answer. */
    static WorkspaceGenieTools check(List<McpTool> listed) {
        List<String> problems = new ArrayList<>();
        boolean fatal = false;
        McpTool ask = find(listed, ASK);
        McpTool poll = find(listed, POLL);
        String conversation = null;
        if (ask == null) {
            problems.add("it lists no " + ASK + " tool");
            fatal = true;
        } else {
            Set<String> properties = properties(ask);
            if (!properties.contains(QUERY)) {
                problems.add(ask.name() + " takes no '" + QUERY + "' argument (it takes " + properties + ")");
                fatal = true;
            }
            conversation = properties.contains(CONVERSATION) ? CONVERSATION : null;
            if (conversation == null) {
                problems.add(ask.name() + " takes no '" + CONVERSATION + "': follow-up questions start new conversations");
            }
            fatal |= unknownRequired(ask, Set.of(QUERY, CONVERSATION), problems);
        }
        String response = null;
        if (poll == null) {
            problems.add("it lists no " + POLL + " tool");
            fatal = true;
        } else {
            response = responseArgument(poll);
            if (response == null || !properties(poll).contains(CONVERSATION)) {
                problems.add(poll.name() + " takes no '" + CONVERSATION + "' and one of " + RESPONSE_IDS
                        + " (it takes " + properties(poll) + ")");
                fatal = true;
            } else {
                fatal |= unknownRequired(poll, Set.of(CONVERSATION, response), problems);
            }
        }
        McpTool result = optional(find(listed, RESULT), response, RESULT, "answers come without their rows", problems);
        McpTool cancel = optional(find(listed, CANCEL), response, CANCEL,
                "answers nobody waits for are not cancelled", problems);
        return new WorkspaceGenieTools(ask == null ? ASK : ask.name(), conversation, poll == null ? POLL : poll.name(),
                response, result == null ? null : result.name(), cancel == null ? null : cancel.name(),
                List.copyOf(problems), fatal);
    }

    /** One sentence naming every problem. */
    String describe() {
        return "the workspace's Genie (" + String.join("; ", problems) + ")";
    }

    private static McpTool optional(McpTool tool, String response, String name, String without, List<String> problems) {
        if (tool == null) {
            problems.add("it lists no " + name + " tool: " + without);
            return null;
        }
        Set<String> properties = properties(tool);
        Set<String> fillable = response == null ? Set.of(CONVERSATION) : Set.of(CONVERSATION, response);
        if (!properties.containsAll(fillable) || unknownRequired(tool, fillable, new ArrayList<>())) {
            problems.add(tool.name() + " takes " + properties + ", not " + fillable + ": " + without);
            return null;
        }
        return tool;
    }

    /** The tool of that name, or else one whose name ends with it (a client-side prefix). */
    private static McpTool find(List<McpTool> listed, String name) {
        for (McpTool tool : listed) {
            if (tool.name().equals(name)) {
                return tool;
            }
        }
        for (McpTool tool : listed) {
            if (tool.name().endsWith("_" + name)) {
                return tool;
            }
        }
        return null;
    }

    private static String responseArgument(McpTool tool) {
        Set<String> properties = properties(tool);
        return RESPONSE_IDS.stream().filter(properties::contains).findFirst().orElse(null);
    }

    private static boolean unknownRequired(McpTool tool, Set<String> fillable, List<String> problems) {
        List<String> unknown = new ArrayList<>();
        for (JsonNode required : tool.inputSchema().path("required")) {
            if (!fillable.contains(required.asText())) {
                unknown.add(required.asText());
            }
        }
        if (unknown.isEmpty()) {
            return false;
        }
        problems.add(tool.name() + " requires " + unknown + ", which this function does not fill in");
        return true;
    }

    private static Set<String> properties(McpTool tool) {
        Set<String> names = new LinkedHashSet<>();
        tool.inputSchema().path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
