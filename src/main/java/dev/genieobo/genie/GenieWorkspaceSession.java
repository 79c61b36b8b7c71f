package dev.genieobo.genie;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpSession;
import dev.genieobo.upstream.Deadline;

/**
 * The caller's session with the workspace's Genie ({@code {host}/api/2.0/mcp/genie}) in
 * one request: questions go to {@code genie_ask}, which chooses the space; polls to
 * {@code genie_poll_response}; the rows of a finished answer come from
 * {@code genie_get_query_result} and a pending answer nobody waits for is stopped with
 * {@code genie_cancel_response}. The argument names are the ones the server's
 * {@code tools/list} gave ({@link WorkspaceGenieTools}, checked once per process).
 */
final class GenieWorkspaceSession implements GenieSession {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final McpSession session;
    private final WorkspaceGenieTools tools;

    GenieWorkspaceSession(McpSession session, WorkspaceGenieTools tools) {
        this.session = session;
        this.tools = tools;
    }

    @Override
    public String key() {
        return GenieConnector.WORKSPACE;
    }

    @Override
    public McpSession session() {
        return session;
    }

    @Override
    public String askTool() {
        return tools.ask();
    }

    @Override
    public ObjectNode askArguments(ObjectNode question) {
        ObjectNode arguments = JSON.objectNode().put(WorkspaceGenieTools.QUERY,
                question.path(WorkspaceGenieTools.QUERY).asText());
        String conversation = question.path(WorkspaceGenieTools.CONVERSATION).asText(null);
        if (conversation != null && tools.conversationArgument() != null) {
            arguments.put(tools.conversationArgument(), conversation);
        }
        return arguments;
    }

    @Override
    public String pollTool() {
        return tools.poll();
    }

    @Override
    public ObjectNode answerArguments(GenieResult answer) {
        return JSON.objectNode().put(WorkspaceGenieTools.CONVERSATION, answer.conversationId())
                .put(tools.responseArgument(), answer.messageId());
    }

    @Override
    public boolean relist(Deadline deadline) {
        return false; // the names were read from tools/list already
    }

    @Override
    public String resultTool() {
        return tools.result();
    }

    @Override
    public String cancelTool() {
        return tools.cancel();
    }
}
