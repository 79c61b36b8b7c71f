package dev.genieobo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.genieobo.upstream.Deadline;
import io.quarkus.runtime.configuration.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each shipped deployment lets a turn finish: the platform waits longer than the
 * deadline its template sets plus the close grace, and the deadline fits under the
 * platform's own hard limit (docs/deployment.md, "Each platform's time limit": Function URL
 * up to 15 minutes, HTTP API 30 s, Knative at most 600 s by default).
 */
@Timeout(30)
class DeploymentLimitsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode read(String file) throws Exception {
        return YAML.readTree(Path.of("deploy", file).toFile());
    }

    /** The deadline a template sets, plus the close grace: the longest a turn takes. */
    private static Duration longestTurn(String deadline) {
        return DurationConverter.parseDuration(deadline).plus(Deadline.CLOSE_GRACE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "lambda/template.jvm.yaml", "lambda/template.native.yaml" })
    void theLambdaTemplatesUseAFunctionUrlAndWaitForTheWholeTurn(String file) throws Exception {
        JsonNode template = read(file);
        JsonNode function = template.path("Resources").path("GenieOboFunction").path("Properties");
        assertEquals("NONE", function.path("FunctionUrlConfig").path("AuthType").asText(), "a Function URL");
        assertTrue(function.path("Events").isMissingNode(), "no API Gateway in front");
        long timeout = template.path("Globals").path("Function").path("Timeout").asLong();
        Duration turn = longestTurn(function.path("Environment").path("Variables").path("GENIE_OBO_AGENT_TIMEOUT").asText());
        assertTrue(turn.toSeconds() < timeout, file + ": Timeout " + timeout + " s against a turn of " + turn);
        assertTrue(timeout <= 900, "Lambda's maximum is 15 minutes");
        assertTrue(turn.compareTo(Duration.ofMinutes(1)) > 0, "sized for real Genie, not for 60 s");
    }

    @Test
    void theHttpApiTemplateKeepsTheTurnUnderThirtySeconds() throws Exception {
        JsonNode template = read("lambda/template.jvm-http-api.yaml");
        JsonNode function = template.path("Resources").path("GenieOboFunction").path("Properties");
        assertEquals("HttpApi", function.path("Events").path("Api").path("Type").asText());
        assertTrue(function.path("FunctionUrlConfig").isMissingNode());
        long timeout = template.path("Globals").path("Function").path("Timeout").asLong();
        Duration turn = longestTurn(function.path("Environment").path("Variables").path("GENIE_OBO_AGENT_TIMEOUT").asText());
        assertTrue(turn.toSeconds() < timeout && timeout < 30, "the turn " + turn + " and Timeout " + timeout
                + " s fit under the HTTP API's 30 s");
    }

    @Test
    void knativeWaitsForTheWholeTurnAndItsFirstByte() throws Exception {
        JsonNode spec = read("knative/service.yaml").path("spec").path("template").path("spec");
        String deadline = null;
        for (JsonNode env : spec.path("containers").path(0).path("env")) {
            if ("GENIE_OBO_AGENT_TIMEOUT".equals(env.path("name").asText())) {
                deadline = env.path("value").asText();
            }
        }
        assertFalse(deadline == null, "the service sets the deadline it is sized for");
        Duration turn = longestTurn(deadline);
        for (String limit : new String[] { "timeoutSeconds", "responseStartTimeoutSeconds" }) {
            long seconds = spec.path(limit).asLong();
            assertTrue(turn.toSeconds() < seconds && seconds <= 600, limit + " " + seconds + " against a turn of " + turn);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "lambda/template.jvm.yaml", "lambda/template.native.yaml", "lambda/template.jvm-http-api.yaml" })
    void theLambdaTemplatesChooseWhichGenieIsAsked(String file) throws Exception {
        JsonNode template = read(file);
        JsonNode server = template.path("Parameters").path("GenieServer");
        assertEquals("spaces", server.path("Default").asText(), file);
        assertEquals("[\"spaces\",\"workspace\"]", server.path("AllowedValues").toString(), file);
        assertTrue(server.path("Description").asText().contains("scope genie"), file + " names the caller's scope");
        JsonNode variables = template.path("Resources").path("GenieOboFunction").path("Properties").path("Environment")
                .path("Variables");
        assertTrue(variables.has("GENIE_OBO_GENIE_SERVER") && variables.has("GENIE_OBO_GENIE_SPACE_IDS"), file);
        assertEquals("", template.path("Parameters").path("GenieSpaceIds").path("Default").asText("missing"),
                file + ": no space ids needed with the workspace's Genie");
    }

    @Test
    void knativeNamesWhichGenieIsAsked() throws Exception {
        JsonNode env = read("knative/service.yaml").path("spec").path("template").path("spec").path("containers").path(0)
                .path("env");
        String server = null;
        for (JsonNode variable : env) {
            if ("GENIE_OBO_GENIE_SERVER".equals(variable.path("name").asText())) {
                server = variable.path("value").asText();
            }
        }
        assertTrue("spaces".equals(server) || "workspace".equals(server), "GENIE_OBO_GENIE_SERVER: " + server);
    }
}
