package dev.genieobo.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The LLM serving endpoint, called with the function's own identity. */
@ConfigMapping(prefix = "genie-obo.llm")
public interface LlmConfig {

    /** Serving endpoint name, sent as {@code model} to {@code /serving-endpoints/chat/completions}. */
    String endpoint();

    /** The system prompt that opens every turn. */
    @WithDefault("You answer questions about the user's company data. Use the Genie tools to look data up; "
            + "each tool queries one Genie space as the user, so answers reflect only what the user may see. "
            + "Quote the figures the tools return, say when a tool failed, and never invent numbers.")
    String systemPrompt();

    /** Cap on generated tokens per LLM call; unset leaves the endpoint's default. */
    Optional<Integer> maxTokens();

    /** Retries of one LLM call after 429, 5xx or a lost connection (never past the turn's deadline). */
    @WithDefault("3")
    int maxRetries();

    /** First backoff between retries; doubles each time, with jitter. */
    @WithDefault("200ms")
    Duration retryBackoff();
}
