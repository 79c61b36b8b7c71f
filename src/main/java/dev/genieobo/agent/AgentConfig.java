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

    /** Deadline for the whole turn: every upstream call, retry and poll fits inside it. */
    @WithDefault("60s")
    Duration timeout();
}
