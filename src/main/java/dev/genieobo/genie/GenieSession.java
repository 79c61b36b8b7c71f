package dev.genieobo.genie;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpSession;
import dev.genieobo.upstream.Deadline;

/**
 * The caller's session with one Genie MCP server in one request, and how a question is
 * asked, polled, completed and cancelled there: a space's server
 * ({@link GenieSpaceSession}) or the workspace's Genie ({@link GenieWorkspaceSession}).
 * {@link GenieQuestions} drives either the same way.
 */
sealed interface GenieSession permits GenieSpaceSession, GenieWorkspaceSession {

    /** What the turn knows this Genie by: the space id, or {@link GenieConnector#WORKSPACE}. */
    String key();

    McpSession session();

    /** The tool that asks a question. */
    String askTool();

    /** The ask tool's arguments for a question ({@code query}, optional {@code conversation_id}). */
    ObjectNode askArguments(ObjectNode question);

    /** The tool that polls a pending answer, or null when the server offers none. */
    String pollTool();

    /** The arguments that name a pending or finished answer, for the poll, result and cancel tools. */
    ObjectNode answerArguments(GenieResult answer);

    /**
     * Reads the server's tool names again after the ask tool was refused by name;
     * true when the ask tool's name changed (then it is tried again).
     */
    boolean relist(Deadline deadline);

    /** The tool that hands out an answer's query result, or null when answers come whole. */
    String resultTool();

    /** The tool that stops Genie working on an answer, or null when the server offers none. */
    String cancelTool();
}
