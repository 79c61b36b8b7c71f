package dev.genieobo.workspace;

/**
 * Runtime knobs of the simulated workspace, read and changed at
 * {@code GET/POST /sim/knobs} (JSON with these field names) and reset by
 * {@code DELETE /sim/knobs}. Defaults exercise polling on every question.
 */
final class SimKnobs {
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
        llmToolCallsPerSpace = 1;
        llmToolRounds = 1;
    }
}
