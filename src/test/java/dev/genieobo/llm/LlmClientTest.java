package dev.genieobo.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.support.Upstreams;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chat-completions wire format, both ways, with the quirks of serving endpoints. */
class LlmClientTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final LlmClient client = new LlmClient(null, mapper, null, new LlmConfig() {
        public String endpoint() {
            return "my-endpoint";
        }

        public String systemPrompt() {
            return "sys";
        }

        public Optional<Integer> maxTokens() {
            return Optional.of(512);
        }

        public int maxRetries() {
            return 0;
        }

        public Duration retryBackoff() {
            return Duration.ofMillis(1);
        }
    }, Upstreams.workspace("http://127.0.0.1:1/"));

    @Test
    void encodesToolsAndNeverSendsEmptyAssistantContentNextToToolCalls() throws Exception {
        JsonNode request = mapper.readTree(client.encode(List.of(
                LlmMessage.system("sys"), LlmMessage.user("q"),
                LlmMessage.assistant("", List.of(new LlmToolCall("c1", "query_space_x", "{\"query\":\"q\"}"))),
                LlmMessage.tool("c1", "query_space_x", "{\"rows\":[]}")),
                List.of(new LlmTool("query_space_x", "ask", mapper.readTree("{\"type\":\"object\"}")))));
        assertEquals("my-endpoint", request.path("model").asText());
        assertEquals(512, request.path("max_tokens").asInt());
        JsonNode assistant = request.path("messages").path(2);
        assertEquals(" ", assistant.path("content").asText());
        assertEquals("query_space_x", assistant.path("tool_calls").path(0).path("function").path("name").asText());
        assertEquals("{\"query\":\"q\"}", assistant.path("tool_calls").path(0).path("function").path("arguments").asText());
        JsonNode tool = request.path("messages").path(3);
        assertEquals("c1", tool.path("tool_call_id").asText());
        JsonNode function = request.path("tools").path(0).path("function");
        assertEquals("object", function.path("parameters").path("type").asText());
        assertEquals(false, function.has("strict"));
    }

    @Test
    void decodesContentPartsToolCallsAndUsage() {
        LlmReply reply = client.decode(Buffer.buffer("""
                {"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"Hello "},{"type":"text","text":"there"}],
                  "tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":{"query":"q"}}}]},
                  "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
                """));
        assertEquals("Hello there", reply.content());
        assertEquals(List.of(new LlmToolCall("t1", "f", "{\"query\":\"q\"}")), reply.toolCalls());
        assertEquals(new Usage(10, 5, 15), reply.usage());
        assertEquals("tool_calls", reply.finishReason());
    }
}
