package dev.genieobo.api;

import dev.genieobo.agent.SpaceOutput;
import dev.genieobo.agent.TurnResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Genie ids of a turn as every wire format shows them:
 * {@code {space_id: {conversation_id, message_id, status, sql}}}, keyed {@code workspace}
 * (with the {@code space_id} Genie chose) for the workspace's Genie (in ChatAgent and
 * ResponsesAgent {@code custom_outputs.genie}, in the MCP tool's structured content).
 * Plain maps: serialisable without reflection, also in a native executable.
 */
public final class GenieOutputs {

    private GenieOutputs() {
    }

    public static Map<String, Object> bySpace(TurnResult result) {
        Map<String, Object> spaces = new LinkedHashMap<>();
        for (Map.Entry<String, SpaceOutput> entry : result.spaces().entrySet()) {
            SpaceOutput output = entry.getValue();
            Map<String, Object> space = new LinkedHashMap<>();
            space.put("conversation_id", output.conversationId());
            space.put("message_id", output.messageId());
            space.put("status", output.status());
            space.put("sql", output.sql());
            if (output.answeredBy() != null) {
                space.put("space_id", output.answeredBy()); // the space the workspace's Genie chose
            }
            spaces.put(entry.getKey(), space);
        }
        return spaces;
    }
}
