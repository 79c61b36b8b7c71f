package dev.genieobo.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds of one agent turn. */
@ConfigMapping(prefix = "genie-obo.agent")
public interface AgentConfig {

    /** Most LLM calls in one turn. */
    @WithDefault("6")
    int maxIterations();

    /**
     * Deadline for the whole turn, from the request's arrival: verifying the caller,
     * every upstream call, retry and poll fits inside it (closing requests get
     * {@link dev.genieobo.upstream.Deadline#CLOSE_GRACE} more). Capped by the caller's
     * token expiry. Sized for real Genie, whose answers take seconds to minutes; a
     * platform with a shorter limit (an API Gateway HTTP API: 30 s) must set it lower.
     */
    @WithDefault("300s")
    Duration timeout();
}
