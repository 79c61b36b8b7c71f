package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runtime knobs of the simulated workspace, read and changed at
 * {@code GET/POST /sim/knobs} (JSON with these field names) and reset by
 * {@code DELETE /sim/knobs}. Defaults exercise polling on every question.
 */
final class SimKnobs {
    /** What {@link #reset()} restores the Genie answer time to (2 s in dev mode, so a person sees a real turn). */
    private final long defaultGenieAnswerMs;

    SimKnobs(long defaultGenieAnswerMs) {
        this.defaultGenieAnswerMs = defaultGenieAnswerMs;
        this.genieAnswerMs = defaultGenieAnswerMs;
    }

    /** Added delay of each LLM answer, ms. */
    volatile long llmLatencyMs;
    /** Added delay of each Genie MCP answer, ms. */
    volatile long genieLatencyMs;
    /** The next N LLM calls fail with {@link #llmFailureStatus}. */
    volatile int llmFailures;
    volatile int llmFailureStatus = 500;
    /** When 0 or more: that many LLM calls succeed, every later one fails with {@link #llmFailureStatus}. */
    volatile int llmCallsBeforeFailure = -1;
    /** Genie answers the first query with a terminal status (no polling needed). */
    volatile boolean genieImmediate;
    /** Extra non-terminal poll answers before COMPLETED (0: the first poll completes). */
    volatile int geniePendingPolls;
    /** Row shape of results: "values" ([{values:[{string_value}]}]) or "arrays" ([[..]]). */
    volatile String rowShape = "values";
    /** How many rounds of tool calls the LLM asks for before it answers (1: the usual one round). */
    volatile int llmToolRounds = 1;
    /** The LLM asks each query tool this many times in one reply (parallel tool calls). */
    volatile int llmToolCallsPerSpace = 1;
    /** Protocol version Genie answers; empty echoes the client's when it is known. */
    volatile String genieProtocolVersion = "";
    /** Appended to Genie's tool names (query_space_<id><suffix>), to play a server that renamed its tools. */
    volatile String genieToolNameSuffix = "";
    /** What the workspace Genie's genie_ask calls its question ("query"), to play a server whose schema moved. */
    volatile String genieOneQueryArgument = "query";
    /** "resume": tools/call streams end after a priming event, resumable with GET; "refuse": not resumable; "": whole. */
    volatile String genieEndStreamEarly = "";
    /**
     * How long Genie takes to answer a question, ms (0: {@link #geniePendingPolls} decides): polls
     * before then answer the non-terminal statuses in order.
     */
    volatile long genieAnswerMs;
    /** Up to this much more answer time, at random per question, ms. */
    volatile long genieAnswerJitterMs;
    /** New questions the workspace accepts per window, across spaces and users (0: no limit). */
    volatile int genieQuestionsPerMinute;
    /** The window of that limit, ms (a minute, as Databricks documents; tests shorten it). */
    volatile long genieRateWindowMs = 60_000;
    /** How a question over the limit is refused: http429, http400, rpc or tool. */
    volatile String genieRateLimitForm = "http429";
    /** The workspace verifies tokens as if its clock ran this far ahead of the function's, ms. */
    volatile long clockAheadMs;
    /** Genie answers tools/call with a body that never ends: "sse" or "json" ("": no). */
    volatile String genieEndlessBody = "";
    /** The LLM answers with a body that never ends: "sse" or "json" ("": no). */
    volatile String llmEndlessBody = "";
    /** Time between two chunks of a streamed LLM answer, ms (the first comes after llmLatencyMs). */
    volatile long llmTokenLatencyMs;

    void reset() {
        llmLatencyMs = 0;
        genieLatencyMs = 0;
        llmFailures = 0;
        llmFailureStatus = 500;
        llmCallsBeforeFailure = -1;
        genieImmediate = false;
        geniePendingPolls = 0;
        rowShape = "values";
        genieProtocolVersion = "";
        genieToolNameSuffix = "";
        genieOneQueryArgument = "query";
        genieEndStreamEarly = "";
        llmToolCallsPerSpace = 1;
        llmToolRounds = 1;
        genieAnswerMs = defaultGenieAnswerMs;
        genieAnswerJitterMs = 0;
        genieQuestionsPerMinute = 0;
        genieRateWindowMs = 60_000;
        genieRateLimitForm = "http429";
        clockAheadMs = 0;
        genieEndlessBody = "";
        llmEndlessBody = "";
        llmTokenLatencyMs = 0;
    }

    /** The knobs as {@code GET /sim/knobs} shows them. */
    ObjectNode view(ObjectMapper mapper) {
        return mapper.createObjectNode()
                .put("llmLatencyMs", llmLatencyMs).put("genieLatencyMs", genieLatencyMs)
                .put("llmFailures", llmFailures).put("llmFailureStatus", llmFailureStatus)
                .put("llmCallsBeforeFailure", llmCallsBeforeFailure)
                .put("genieImmediate", genieImmediate).put("geniePendingPolls", geniePendingPolls)
                .put("rowShape", rowShape).put("genieProtocolVersion", genieProtocolVersion)
                .put("llmToolCallsPerSpace", llmToolCallsPerSpace).put("llmToolRounds", llmToolRounds)
                .put("genieToolNameSuffix", genieToolNameSuffix).put("genieOneQueryArgument", genieOneQueryArgument)
                .put("genieEndStreamEarly", genieEndStreamEarly)
                .put("genieAnswerMs", genieAnswerMs).put("genieAnswerJitterMs", genieAnswerJitterMs)
                .put("genieQuestionsPerMinute", genieQuestionsPerMinute)
                .put("genieRateWindowMs", genieRateWindowMs).put("genieRateLimitForm", genieRateLimitForm)
                .put("clockAheadMs", clockAheadMs).put("genieEndlessBody", genieEndlessBody)
                .put("llmEndlessBody", llmEndlessBody).put("llmTokenLatencyMs", llmTokenLatencyMs);
    }

    /** Sets the knobs {@code in} names ({@code POST /sim/knobs}); other fields are ignored. */
    void apply(JsonNode in) {
        in.properties().forEach(e -> {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "llmLatencyMs" -> llmLatencyMs = v.asLong();
                case "genieLatencyMs" -> genieLatencyMs = v.asLong();
                case "llmFailures" -> llmFailures = v.asInt();
                case "llmFailureStatus" -> llmFailureStatus = v.asInt();
                case "llmCallsBeforeFailure" -> llmCallsBeforeFailure = v.asInt();
                case "genieImmediate" -> genieImmediate = v.asBoolean();
                case "geniePendingPolls" -> geniePendingPolls = v.asInt();
                case "rowShape" -> rowShape = v.asText();
                case "genieProtocolVersion" -> genieProtocolVersion = v.asText();
                case "llmToolCallsPerSpace" -> llmToolCallsPerSpace = Math.max(1, v.asInt());
                case "llmToolRounds" -> llmToolRounds = Math.max(1, v.asInt());
                case "genieToolNameSuffix" -> genieToolNameSuffix = v.asText().replaceAll("[^A-Za-z0-9_]", "");
                case "genieOneQueryArgument" -> genieOneQueryArgument = v.asText().replaceAll("[^A-Za-z0-9_]", "");
                case "genieEndStreamEarly" -> genieEndStreamEarly = v.asText();
                case "genieAnswerMs" -> genieAnswerMs = Math.max(0, v.asLong());
                case "genieAnswerJitterMs" -> genieAnswerJitterMs = Math.max(0, v.asLong());
                case "genieQuestionsPerMinute" -> genieQuestionsPerMinute = Math.max(0, v.asInt());
                case "genieRateWindowMs" -> genieRateWindowMs = Math.max(1, v.asLong());
                case "genieRateLimitForm" -> genieRateLimitForm = v.asText();
                case "clockAheadMs" -> clockAheadMs = v.asLong();
                case "genieEndlessBody" -> genieEndlessBody = v.asText();
                case "llmEndlessBody" -> llmEndlessBody = v.asText();
                case "llmTokenLatencyMs" -> llmTokenLatencyMs = Math.max(0, v.asLong());
                default -> {
                }
            }
        });
    }
}
