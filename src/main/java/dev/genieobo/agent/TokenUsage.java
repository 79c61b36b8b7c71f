package dev.genieobo.agent;

/** Tokens the LLM read and wrote for a turn, summed over its calls. */
public record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0);

    TokenUsage plus(long prompt, long completion, long total) {
        return new TokenUsage(promptTokens + prompt, completionTokens + completion, totalTokens + total);
    }
}
