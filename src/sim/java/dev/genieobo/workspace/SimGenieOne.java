package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * The workspace's own Genie ("Genie One", {@code /api/2.0/mcp/genie}, no space id) of
 * the simulated workspace: it chooses the space for each question among those the
 * caller may use ({@link SimData#route}: Inventory for stock questions of its users,
 * Sales otherwise) over the same data, users, answer times and question limit as the
 * spaces' servers.
 *
 * <p>Evidence (docs/workspace.md, "The workspace's own Genie"): the URL, the tool names
 * {@code genie_ask} ({@code query}, optional {@code conversation_id}),
 * {@code genie_poll_response}, {@code genie_get_query_result} and
 * {@code genie_cancel_response}; third-party code: {@code genie_ask} returns
 * {@code conversation_id}, {@code response_id} and {@code status}. Guesses: the other
 * tools' arguments ({@code conversation_id}, {@code response_id}), the answer's form
 * (snake_case ids with the chosen {@code space_id}, the space server's {@code content}
 * without rows), the query result's ({@code {"statement_response": ...}} as the
 * Conversation API's query-result endpoint has it), that a user with no space gets 403,
 * and the refusal of another user's conversation. The knob {@code genieOneQueryArgument}
 * renames {@code genie_ask}'s question argument, to play a server whose schema moved.
 */
final class SimGenieOne {

    static final String PATH_KEY = "workspace";

    private final SimulatedWorkspace ws;
    private final SimRpc rpc;
    private final SimGenieMessages messages;
    private final SimGenieLimit limit;
    private final SimMcpServer mcp;
    private final SimMcpServer.Genie genie = new SimMcpServer.Genie() {
        @Override
        public SimMcpServer.Refusal refusal(SimulatedWorkspace.Caller caller) {
            if (!caller.user() || SimData.route(caller.principal(), "") == null) {
                return new SimMcpServer.Refusal(403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"User "
                        + caller.principal() + " does not have access to any Genie space.\"}");
            }
            return null;
        }

        @Override
        public ObjectNode tools() {
            return SimGenieOne.this.tools();
        }

        @Override
        public void toolCall(RoutingContext rc, SimulatedWorkspace.Caller caller, JsonNode params, JsonNode id) {
            SimGenieOne.this.toolCall(rc, caller, params, id);
        }
    };

    SimGenieOne(SimulatedWorkspace ws, SimRpc rpc, SimGenieMessages messages, SimGenieLimit limit) {
        this.ws = ws;
        this.rpc = rpc;
        this.messages = messages;
        this.limit = limit;
        this.mcp = new SimMcpServer(ws, rpc, "databricks-genie-one-sim");
    }

    /** A {@code GET} resumes a stream that ended early ({@link SimRpc}); there is no other GET stream (405). */
    void get(RoutingContext rc) {
        rpc.get(rc, ws, PATH_KEY);
    }

    int openSessions() {
        return mcp.openSessions();
    }

    void delete(RoutingContext rc) {
        ws.record.arrived(rc);
        ws.later(ws.knobs.genieLatencyMs, () -> mcp.delete(rc, PATH_KEY));
    }

    void post(RoutingContext rc) {
        ws.record.arrived(rc);
        ws.later(ws.knobs.genieLatencyMs, () -> mcp.post(rc, PATH_KEY, genie));
    }

    private ObjectNode tools() {
        ObjectNode result = ws.mapper.createObjectNode();
        ArrayNode tools = result.putArray("tools");
        ObjectNode ask = tool(tools, "genie_ask", "Ask Genie a question about your data; it chooses the Genie space. "
                + "Returns conversation_id, response_id and status; poll with genie_poll_response.");
        ObjectNode properties = ask.putObject("properties");
        properties.putObject(ws.knobs.genieOneQueryArgument).put("type", "string").put("description", "The question");
        properties.putObject("conversation_id").put("type", "string").put("description", "Continue this conversation");
        ask.putArray("required").add(ws.knobs.genieOneQueryArgument);
        for (String[] t : new String[][] { { "genie_poll_response", "Read the progress or the final answer." },
                { "genie_get_query_result", "Fetch the SQL result Genie ran (schema and rows)." },
                { "genie_cancel_response", "Cancel an in-flight Genie response." } }) {
            ObjectNode schema = tool(tools, t[0], t[1]);
            schema.putObject("properties").<ObjectNode>set("conversation_id",
                    ws.mapper.createObjectNode().put("type", "string"))
                    .set("response_id", ws.mapper.createObjectNode().put("type", "string"));
            schema.putArray("required").add("conversation_id").add("response_id");
        }
        return result;
    }

    private ObjectNode tool(ArrayNode tools, String name, String description) {
        ObjectNode tool = tools.addObject().put("name", name).put("description", description);
        tool.putObject("annotations").put("readOnlyHint", !name.equals("genie_cancel_response"));
        return tool.putObject("inputSchema").put("type", "object");
    }

    private void toolCall(RoutingContext rc, SimulatedWorkspace.Caller caller, JsonNode params, JsonNode id) {
        String tool = params.path("name").asText("").replaceAll("[^A-Za-z0-9_]", "");
        JsonNode args = params.path("arguments");
        String user = caller.principal();
        if (tool.equals("genie_ask")) {
            String question = args.path(ws.knobs.genieOneQueryArgument).asText("");
            String conversation = args.hasNonNull("conversation_id") ? args.get("conversation_id").asText() : null;
            if (question.isBlank()) {
                answer(rc, caller, tool, id, null, "BAD_REQUEST: " + ws.knobs.genieOneQueryArgument + " is required");
                return;
            }
            if (!messages.mayContinue(user, conversation)) {
                answer(rc, caller, tool, id, null, SimGenieMessages.notYours(conversation));
                return;
            }
            long waitMs = limit.admit();
            if (waitMs >= 0) {
                limit.refuse(rc, caller, PATH_KEY, tool, id, waitMs);
                return;
            }
            answer(rc, caller, tool, id, messages.ask(user, conversation, question, SimData.route(user, question), true),
                    null);
            return;
        }
        String conversation = args.path("conversation_id").asText("");
        String response = args.path("response_id").asText("");
        ObjectNode out = switch (tool) {
            case "genie_poll_response" -> messages.poll(user, conversation, response);
            case "genie_get_query_result" -> messages.result(user, conversation, response);
            case "genie_cancel_response" -> messages.cancel(user, conversation, response);
            default -> null;
        };
        answer(rc, caller, tool, id, out, out != null ? null : tool.startsWith("genie_")
                ? "BAD_REQUEST: no such response (or no query result) in this conversation"
                : "BAD_REQUEST: unknown tool " + tool);
    }

    private void answer(RoutingContext rc, SimulatedWorkspace.Caller caller, String tool, JsonNode id, ObjectNode out,
            String error) {
        ws.record.call("genie", rc, caller, PATH_KEY, "tools/call", 200, tool,
                out == null ? null : out.path("status").asText(null));
        rpc.sse(rc, out == null ? rpc.error(id, -32602, error) : rpc.result(id, rpc.text(out)), caller.principal());
    }
}
