package dev.genieobo.llm;

/** Token counts, summed over the LLM calls of a turn. */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens);
    }
}
