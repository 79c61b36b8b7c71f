package dev.genieobo.agent;

import java.util.List;
import java.util.Map;

/** What a turn produced: the new messages, why it ended, token usage and Genie ids per space. */
public record TurnResult(List<TurnMessage> messages, String finishReason, TokenUsage usage, Map<String, SpaceOutput> spaces,
        List<String> unavailableSpaces) {

    /** The final assistant answer. */
    public String answer() {
        return messages.isEmpty() ? "" : messages.get(messages.size() - 1).content();
    }
}
