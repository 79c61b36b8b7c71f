package dev.genieobo.genie;

/**
 * What one tool call gave the agent: the text the LLM will see, and for Genie
 * calls the space and the parsed result (null when there was none).
 */
public sealed interface ToolOutcome {

    String spaceId();

    GenieResult result();

    String textForLlm();

    boolean isError();

    record Answered(String spaceId, GenieResult result, String textForLlm) implements ToolOutcome {
        @Override
        public boolean isError() {
            return false;
        }
    }

    record Failed(String spaceId, GenieResult result, String textForLlm) implements ToolOutcome {
        @Override
        public boolean isError() {
            return true;
        }
    }
}
