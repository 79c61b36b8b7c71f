package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted, OpenAI-compatible chat-completions endpoint. With tools offered
 * and the user speaking last, it calls every {@code query_space_*} tool (or the
 * workspace Genie's {@code genie_ask}) with the
 * user's question; after tool results it answers in one sentence quoting the
 * figures; without tools it answers plainly. Only the service principal may
 * call it.
 */
final class SimLlm {

    private final SimulatedWorkspace ws;
    private final AtomicLong ids = new AtomicLong();

    SimLlm(SimulatedWorkspace ws) {
        this.ws = ws;
    }

    void complete(RoutingContext rc) {
        ws.record.arrived(rc);
        ws.later(ws.knobs.llmLatencyMs, () -> handle(rc));
    }

    private void handle(RoutingContext rc) {
        SimulatedWorkspace.Caller caller = ws.caller(rc);
        if (!ws.knobs.llmEndlessBody.isEmpty() && caller.servicePrincipal()) {
            ws.record.call("llm", rc, caller, null, null, 200);
            boolean sse = "sse".equals(ws.knobs.llmEndlessBody);
            rc.response().setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", sse ? "text/event-stream" : "application/json");
            SimulatedWorkspace.endless(rc.response(), sse
                    ? "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                    : "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"",
                    512L << 20);
            return;
        }
        if (!caller.user() && !caller.servicePrincipal()) {
            ws.record.call("llm", rc, caller, null, null, 401);
            SimulatedWorkspace.json(rc, 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Invalid access token.\"}");
            return;
        }
        if (!caller.servicePrincipal()) {
            ws.record.call("llm", rc, caller, null, null, 403);
            SimulatedWorkspace.json(rc, 403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"Only the function's "
                    + "service principal may query this serving endpoint.\"}");
            return;
        }
        synchronized (ws.knobs) {
            boolean exhausted = ws.knobs.llmCallsBeforeFailure == 0;
            if (ws.knobs.llmCallsBeforeFailure > 0) {
                ws.knobs.llmCallsBeforeFailure--;
            }
            if (ws.knobs.llmFailures > 0 || exhausted) {
                if (ws.knobs.llmFailures > 0) {
                    ws.knobs.llmFailures--;
                }
                int status = ws.knobs.llmFailureStatus;
                ws.record.call("llm", rc, caller, null, null, status);
                SimulatedWorkspace.json(rc, status, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"simulated failure\"}");
                return;
            }
        }
        JsonNode request;
        try {
            request = ws.mapper.readTree(rc.body().asString());
        } catch (Exception e) {
            ws.record.call("llm", rc, caller, null, null, 400);
            SimulatedWorkspace.json(rc, 400, "{\"error_code\":\"BAD_REQUEST\",\"message\":\"body is not JSON\"}");
            return;
        }
        ws.record.call("llm", rc, caller, null, null, 200);
        JsonNode messages = request.path("messages");
        JsonNode last = messages.path(messages.size() - 1);
        List<String> queryTools = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            String name = tool.path("function").path("name").asText();
            if (name.startsWith("query_space_") || name.equals("genie_ask")) {
                queryTools.add(name);
            }
        }
        ObjectNode message = ws.mapper.createObjectNode().put("role", "assistant");
        String finish;
        int rounds = 0;
        String question = "";
        for (JsonNode m : messages) {
            if ("assistant".equals(m.path("role").asText()) && m.path("tool_calls").size() > 0) {
                rounds++;
            }
            if ("user".equals(m.path("role").asText())) {
                question = m.path("content").asText();
            }
        }
        boolean askAgain = "tool".equals(last.path("role").asText()) && rounds < ws.knobs.llmToolRounds;
        if (("user".equals(last.path("role").asText()) || askAgain) && !queryTools.isEmpty()) {
            message.put("content", "Let me ask Genie.");
            ArrayNode calls = message.putArray("tool_calls");
            for (String tool : queryTools) {
                for (int n = 0; n < ws.knobs.llmToolCallsPerSpace; n++) {
                ObjectNode call = calls.addObject().put("id", "call_" + ids.incrementAndGet()).put("type", "function");
                call.putObject("function").put("name", tool)
                        .put("arguments", ws.mapper.createObjectNode().put("query", question).toString());
                }
            }
            finish = "tool_calls";
        } else if ("tool".equals(last.path("role").asText())) {
            message.put("content", summarise(messages));
            finish = "stop";
        } else {
            message.put("content", "I am the simulated model: ask me about the sales data and I will ask Genie.");
            finish = "stop";
        }
        int promptChars = request.path("messages").toString().length();
        int completionChars = message.toString().length();
        ObjectNode out = ws.mapper.createObjectNode();
        out.put("id", "chatcmpl-sim-" + ids.incrementAndGet());
        out.put("object", "chat.completion");
        out.put("created", System.currentTimeMillis() / 1000);
        out.put("model", request.path("model").asText());
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        out.putObject("usage").put("prompt_tokens", promptChars / 4).put("completion_tokens", completionChars / 4)
                .put("total_tokens", promptChars / 4 + completionChars / 4);
        if (request.path("stream").asBoolean(false)) {
            stream(rc, out, request.path("stream_options").path("include_usage").asBoolean(false));
            return;
        }
        SimulatedWorkspace.json(rc, 200, out.toString());
    }

    /**
     * The same answer as {@code chat.completion.chunk} events, OpenAI's streaming format:
     * a first chunk with the role, the text a word at a time, each tool call as a chunk
     * with its index, id and name and then its arguments in three pieces, a chunk with
     * the finish reason, the usage chunk (empty {@code choices}) when asked for, then
     * {@code [DONE]}. {@code llmTokenLatencyMs} passes between two chunks.
     */
    private void stream(RoutingContext rc, ObjectNode answer, boolean includeUsage) {
        JsonNode choice = answer.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add(chunk(answer, ws.mapper.createObjectNode().put("role", "assistant").put("content", ""), null));
        List<Integer> textChunks = new ArrayList<>();
        for (String word : message.path("content").asText("").split("(?<= )")) {
            if (!word.isEmpty()) {
                textChunks.add(chunks.size());
                chunks.add(chunk(answer, ws.mapper.createObjectNode().put("content", word), null));
            }
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode start = ws.mapper.createObjectNode();
            ObjectNode first = start.putArray("tool_calls").addObject().put("index", index)
                    .put("id", call.path("id").asText()).put("type", "function");
            first.putObject("function").put("name", call.path("function").path("name").asText()).put("arguments", "");
            chunks.add(chunk(answer, start, null));
            String arguments = call.path("function").path("arguments").asText();
            int third = Math.max(1, arguments.length() / 3);
            for (int from = 0; from < arguments.length(); from += third) {
                ObjectNode piece = ws.mapper.createObjectNode();
                piece.putArray("tool_calls").addObject().put("index", index).putObject("function")
                        .put("arguments", arguments.substring(from, Math.min(arguments.length(), from + third)));
                chunks.add(chunk(answer, piece, null));
            }
            index++;
        }
        chunks.add(chunk(answer, ws.mapper.createObjectNode(), choice.path("finish_reason").asText()));
        if (includeUsage) {
            ObjectNode usage = ws.mapper.createObjectNode().put("id", answer.path("id").asText())
                    .put("object", "chat.completion.chunk").put("created", answer.path("created").asLong())
                    .put("model", answer.path("model").asText());
            usage.putArray("choices");
            usage.set("usage", answer.path("usage"));
            chunks.add(usage);
        }
        rc.response().setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        SimRecord.StreamTimes times = ws.record.streamStarted(index > 0);
        write(rc, chunks, textChunks, 0, times);
    }

    private void write(RoutingContext rc, List<ObjectNode> chunks, List<Integer> textChunks, int next,
            SimRecord.StreamTimes times) {
        if (rc.response().closed()) {
            return; // the caller abandoned the call
        }
        if (next == chunks.size()) {
            rc.response().end("data: [DONE]\n\n");
            times.done();
            return;
        }
        rc.response().write("data: " + chunks.get(next) + "\n\n");
        if (textChunks.contains(next)) {
            times.text();
        }
        ws.later(ws.knobs.llmTokenLatencyMs, () -> write(rc, chunks, textChunks, next + 1, times));
    }

    private ObjectNode chunk(ObjectNode answer, ObjectNode delta, String finishReason) {
        ObjectNode chunk = ws.mapper.createObjectNode().put("id", answer.path("id").asText())
                .put("object", "chat.completion.chunk").put("created", answer.path("created").asLong())
                .put("model", answer.path("model").asText());
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    /** One sentence quoting the figures of the tool results after the last assistant message. */
    private String summarise(JsonNode messages) {
        List<String> parts = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && "tool".equals(messages.get(i).path("role").asText()); i--) {
            parts.add(0, figures(messages.get(i).path("content").asText()));
        }
        return "According to Genie, " + String.join("; ", parts) + ".";
    }

    /**
     * The figures of one tool result, as a model would read them from any reasonable
     * form: this function's condensed result ({@code queries[].columns/rows}), Genie's raw
     * answer ({@code content.queryAttachments[].statement_response}, either row shape), or
     * an MCP tool result wrapping either ({@code content[].text}).
     */
    private String figures(String content) {
        if (content.startsWith("Error:")) {
            return "the question could not be answered (" + content.substring(6).trim() + ")";
        }
        JsonNode result;
        try {
            result = ws.mapper.readTree(content);
        } catch (Exception e) {
            return "the tool said: " + content;
        }
        if (result == null || !result.isObject()) {
            return "the tool said: " + content;
        }
        JsonNode wrapped = result.path("content");
        if (wrapped.isArray() && wrapped.size() > 0 && wrapped.get(0).path("text").isTextual()) {
            return figures(wrapped.get(0).path("text").asText()); // an MCP tool result
        }
        List<String> out = new ArrayList<>();
        for (JsonNode query : result.path("queries")) {
            out.add(table(texts(query.path("columns"), false), query.path("rows")));
        }
        for (JsonNode attachment : result.path("content").path("queryAttachments")) { // Genie's own answer
            JsonNode statement = attachment.path("statement_response");
            out.add(table(texts(statement.path("manifest").path("schema").path("columns"), true),
                    statement.path("result").path("data_array")));
        }
        if (out.isEmpty()) {
            result.path("text").forEach(t -> out.add(t.asText()));
            result.path("content").path("textAttachments").forEach(t -> out.add(t.asText()));
        }
        return out.isEmpty() ? "the tool said: " + content : String.join("; ", out);
    }

    private static List<String> texts(JsonNode columns, boolean named) {
        List<String> out = new ArrayList<>();
        columns.forEach(c -> out.add(named ? c.path("name").asText() : c.asText()));
        return out;
    }

    /** "total is 2000", or "product gadgets, amount 800; ..."; rows as arrays or as {values:[{string_value}]}. */
    private static String table(List<String> columns, JsonNode rows) {
        List<String> lines = new ArrayList<>();
        for (JsonNode row : rows) {
            JsonNode cells = row.isArray() ? row : row.path("values");
            List<String> values = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                JsonNode cell = cells.get(c);
                String value = cell.isObject() ? cell.path("string_value").asText() : cell.asText();
                values.add(columns.size() == 1 ? value : (c < columns.size() ? columns.get(c) + " " : "") + value);
            }
            lines.add(String.join(", ", values));
        }
        String label = columns.size() == 1 ? columns.get(0) + " is " : "";
        return lines.isEmpty() ? "no rows" : label + String.join("; ", lines);
    }
}
