package dev.genieobo.api;

import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import java.util.Map;

/**
 * {@code POST /invocations} with {@code "stream": true}, MLflow ChatAgent style:
 * one {@code data: {"delta": ...}} chunk per message, the last with
 * {@code finish_reason}, {@code usage} and {@code custom_outputs}.
 */
final class ChatAgentStream {

    private ChatAgentStream() {
    }

    static final StreamFormat FORMAT = new StreamFormat() {
        @Override
        public void message(TurnMessage message, SseWriter sse) {
            sse.event(Map.of("delta", ChatAgentMapper.message(message)));
        }

        @Override
        public void finish(TurnMessage last, TurnResult result, SseWriter sse) {
            sse.event(new ChatAgentWire.Chunk(ChatAgentMapper.message(last), result.finishReason(),
                    ChatAgentMapper.usage(result.usage()), ChatAgentMapper.customOutputs(result)));
        }

        @Override
        public void error(ApiError error, SseWriter sse) {
            sse.event(Map.of("error", error));
        }
    };
}
