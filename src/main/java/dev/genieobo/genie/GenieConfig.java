package dev.genieobo.genie;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The Genie spaces the function may ask, and how long it waits for an answer. */
@ConfigMapping(prefix = "genie-obo.genie")
public interface GenieConfig {

    /** Genie space ids; each is the managed MCP server {@code {host}/api/2.0/mcp/genie/{id}}. */
    List<String> spaceIds();

    /**
     * What each space is about, by space id, for the LLM to choose between spaces
     * (the description of its {@code query_space_<id>} tool). Optional; a generic
     * description is used for a space without one.
     */
    java.util.Map<String, String> spaceDescriptions();

    /** Pause between two {@code poll_response_*} calls. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Longest wait for one Genie answer (never past the turn's deadline). */
    @WithDefault("120s")
    Duration pollTimeout();

    /** Most result rows passed on to the LLM per query (the rest is marked truncated). */
    @WithDefault("200")
    int maxRowsToLlm();
}
