package dev.genieobo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.agent.SpaceOutput;
import dev.genieobo.agent.TokenUsage;
import dev.genieobo.agent.ToolCall;
import dev.genieobo.agent.TurnMessage;
import dev.genieobo.agent.TurnResult;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads a request of each format and writes an answer of each once, with made-up
 * content and no caller, on a platform thread while a native executable starts (as
 * {@code CallerVerifier} warms its verification up): the first caller then does not pay
 * for Jackson's first look at the wire records, which in a native executable decodes
 * their reflection metadata and annotations on first use (about a third of what the
 * first turn took after its last LLM answer; docs/native.md). Nothing is sent anywhere
 * and nothing of it is kept but Jackson's caches of how to read and write these types.
 */
@ApplicationScoped
class WireWarmUp {

    private static final Logger LOG = Logger.getLogger(WireWarmUp.class);
    private static final byte[] CHAT_AGENT = """
            {"messages":[{"role":"user","content":"warm-up"}]}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESPONSES = """
            {"input":[{"role":"user","content":[{"type":"input_text","text":"warm-up"}]}]}"""
            .getBytes(StandardCharsets.UTF_8);

    private final ChatAgentRequests chatAgent;
    private final ResponsesRequests responses;
    private final ObjectMapper mapper;

    WireWarmUp(ChatAgentRequests chatAgent, ResponsesRequests responses, ObjectMapper mapper) {
        this.chatAgent = chatAgent;
        this.responses = responses;
        this.mapper = mapper;
    }

    void warmUp(@Observes StartupEvent started) {
        // Natively only: on the JVM the first turn gained nothing from it (999 against 997 ms)
        // while its thread shared the two cores with the start (ready 39 ms later; docs/native.md).
        if (ImageMode.current() == ImageMode.NATIVE_RUN) {
            Thread.ofPlatform().daemon().name("wire-warm-up").start(this::run);
        }
    }

    /** True when every sample was read and written (a test holds it to that). */
    boolean run() {
        TurnResult result = new TurnResult(List.of(
                TurnMessage.assistant("warm-up", List.of(new ToolCall("call-0", "query_space_0", "{}"))),
                TurnMessage.tool("call-0", "query_space_0", "warm-up"),
                TurnMessage.assistant("warm-up", List.of())), "stop", new TokenUsage(1, 1, 2),
                Map.of("0", new SpaceOutput("c", "m", "COMPLETED", "SELECT 1", null)), List.of());
        try {
            chatAgent.parse(CHAT_AGENT);
            responses.parse(RESPONSES);
            mapper.writeValueAsBytes(ChatAgentMapper.response(result));
            mapper.writeValueAsBytes(ResponsesMapper.response(result));
            return true;
        } catch (Exception | LinkageError e) {
            LOG.debugf("the wire warm-up failed (%s); the first caller pays for it", e.getClass().getSimpleName());
            return false;
        }
    }
}
