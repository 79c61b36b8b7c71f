package dev.genieobo.agent;

import java.util.List;
import java.util.Map;

/**
 * One question to answer: the conversation so far (ending with the user's
 * message), the Genie spaces to use, Genie conversations to continue by space
 * id, and the id the turn is logged under.
 */
public record AgentTurn(List<TurnMessage> history, List<String> spaceIds, Map<String, String> conversationIds,
        String requestId) {

    public AgentTurn {
        history = List.copyOf(history);
        spaceIds = List.copyOf(spaceIds);
        conversationIds = Map.copyOf(conversationIds);
        requestId = requestId == null || requestId.isBlank() ? java.util.UUID.randomUUID().toString() : requestId;
    }

    /** A turn with a new request id. */
    public AgentTurn(List<TurnMessage> history, List<String> spaceIds, Map<String, String> conversationIds) {
        this(history, spaceIds, conversationIds, null);
    }

    /** The same turn under the caller's request id (for example {@code X-Request-Id}). */
    public AgentTurn withRequestId(String id) {
        return new AgentTurn(history, spaceIds, conversationIds, id);
    }
}
