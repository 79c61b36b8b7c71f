package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import dev.genieobo.agent.ToolCall;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /invocations} with {@code "stream": true}, MLflow ChatAgent style: every
 * event is a {@code ChatAgentChunk}, {@code data: {"delta": <message>, ...}}, and chunks
 * with the same {@code delta.id} make one message:
 * <ul>
 * <li>the answer's text as the LLM writes it, one chunk per piece
 * ({@code {"role":"assistant","content":"...","id":...}});</li>
 * <li>an assistant message with {@code tool_calls} as soon as the LLM has decided them
 * (its text already came as pieces, so the chunk's content is empty);</li>
 * <li>Genie's status, each time it changes: an empty chunk of the tool message to come
 * with {@code custom_outputs.genie_status = {space_id, status}}, which a client that
 * does not know it merges as an empty piece;</li>
 * <li>the tool message, whole;</li>
 * <li>last, an empty piece of the answer with {@code finish_reason}, {@code usage} and
 * {@code custom_outputs}.</li>
 * </ul>
 */
final class ChatAgentStream extends TurnStream {

    static final StreamFormat FORMAT = ChatAgentStream::new;

    private ChatAgentStream(SseWriter sse) {
        super(sse);
    }

    @Override
    void delta(String messageId, String text) {
        sse.event(Map.of("delta", new ChatAgentWire.Message("assistant", text, null, messageId, null, null)));
    }

    @Override
    public void message(TurnMessage message) {
        if ("assistant".equals(message.role()) && message.toolCalls().isEmpty()) {
            return; // the answer: its end goes out with the totals
        }
        sse.event(Map.of("delta", whole(message)));
    }

    @Override
    public void genieStatus(String messageId, ToolCall call, String spaceId, String status) {
        Map<String, Object> genie = new LinkedHashMap<>();
        genie.put("space_id", spaceId);
        genie.put("status", status);
        sse.event(new ChatAgentWire.Chunk(new ChatAgentWire.Message("tool", "", call.name(), messageId, null, call.id()),
                null, null, Map.of("genie_status", genie)));
    }

    @Override
    void finish(TurnResult result) {
        TurnMessage last = result.messages().get(result.messages().size() - 1);
        sse.event(new ChatAgentWire.Chunk(whole(last), result.finishReason(), ChatAgentMapper.usage(result.usage()),
                ChatAgentMapper.customOutputs(result)));
    }

    @Override
    void error(ApiError error) {
        sse.event(Map.of("error", error));
    }

    /** A message in full, less the text that already went out as pieces. */
    private ChatAgentWire.Message whole(TurnMessage message) {
        ChatAgentWire.Message wire = ChatAgentMapper.message(message);
        return streamed(message.id()) ? new ChatAgentWire.Message(wire.role(), "", wire.name(), wire.id(),
                wire.toolCalls(), wire.toolCallId()) : wire;
    }
}
