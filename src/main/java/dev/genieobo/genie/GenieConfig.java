package dev.genieobo.genie;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Which Genie the function asks (its spaces, or the workspace's own Genie), and how long it waits for an answer. */
@ConfigMapping(prefix = "genie-obo.genie")
public interface GenieConfig {

    /** Which Genie MCP server the function asks as the caller. */
    enum Server {
        /** The configured spaces, one managed MCP server {@code {host}/api/2.0/mcp/genie/{id}} each. */
        SPACES,
        /** The workspace's Genie ("Genie One", {@code {host}/api/2.0/mcp/genie}): it chooses the space itself. */
        WORKSPACE
    }

    /** {@code spaces} (the default) or {@code workspace}. */
    @WithDefault("spaces")
    Server server();

    /**
     * Genie space ids; each is the managed MCP server {@code {host}/api/2.0/mcp/genie/{id}}.
     * Required with {@code server=spaces}, not used with {@code server=workspace}.
     */
    java.util.Optional<List<String>> spaceIds();

    /**
     * What the workspace's Genie knows about, for the LLM (the description of its one
     * tool with {@code server=workspace}). Optional; a generic description is used without it.
     */
    java.util.Optional<String> workspaceDescription();

    /**
     * What each space is about, by space id, for the LLM to choose between spaces
     * (the description of its {@code query_space_<id>} tool). Optional; a generic
     * description is used for a space without one.
     */
    java.util.Map<String, String> spaceDescriptions();

    /**
     * Shortest pause before a {@code poll_response_*} call (the first ones). The pause
     * then grows with the time Genie has worked on the question ({@link #pollRatio}),
     * up to {@link #pollMaxInterval}: see {@link PollSchedule}.
     */
    @WithDefault("100ms")
    Duration pollInterval();

    /** Longest pause between two polls. */
    @WithDefault("2s")
    Duration pollMaxInterval();

    /**
     * The pause before a poll as a share of the time waited so far: with 0.05, an
     * answer reaches the caller at most 5 % of Genie's own time after Genie has it.
     */
    @WithDefault("0.05")
    double pollRatio();

    /** Longest wait for one Genie answer (never past the turn's deadline). */
    @WithDefault("240s")
    Duration pollTimeout();

    /**
     * Most new questions this instance sends to Genie per minute (all spaces and
     * callers together); more wait in arrival order, or are answered 429 when the
     * wait would outlast their deadline. Unset: no limit of our own (Genie's applies).
     * Polls are not questions.
     */
    java.util.Optional<Integer> maxQuestionsPerMinute();

    /** First wait before asking again after Genie refused a question for load without saying how long; doubles, with jitter. */
    @WithDefault("1s")
    Duration rateLimitBackoff();

    /** Most result rows passed on to the LLM per query (the rest is marked truncated). */
    @WithDefault("200")
    int maxRowsToLlm();
}
