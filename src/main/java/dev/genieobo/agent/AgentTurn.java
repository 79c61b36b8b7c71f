package dev.genieobo.agent;

import java.util.List;
import java.util.Map;

/**
 * One question to answer: the conversation so far (ending with the user's
 * message), the Genie spaces to use, and Genie conversations to continue by
 * space id.
 */
public record AgentTurn(List<TurnMessage> history, List<String> spaceIds, Map<String, String> conversationIds) {

    public AgentTurn {
        history = List.copyOf(history);
        spaceIds = List.copyOf(spaceIds);
        conversationIds = Map.copyOf(conversationIds);
    }
}
