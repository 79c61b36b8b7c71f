package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * deploy/knative/service.yaml says what the running function needs: its probes
 * answer on the paths it declares, every environment variable is a key the code
 * reads, and the service principal comes from a Secret, never a literal.
 */
@QuarkusTest
class KnativeServiceTest {

    private static final Map<String, String> ENV_TO_KEY = Map.of(
            "DATABRICKS_HOST", "databricks.host",
            "DATABRICKS_CLIENT_ID", "databricks.client-id",
            "DATABRICKS_CLIENT_SECRET", "databricks.client-secret",
            "GENIE_OBO_GENIE_SERVER", "genie-obo.genie.server",
            "GENIE_OBO_GENIE_SPACE_IDS", "genie-obo.genie.space-ids",
            "GENIE_OBO_LLM_ENDPOINT", "genie-obo.llm.endpoint",
            "GENIE_OBO_AGENT_TIMEOUT", "genie-obo.agent.timeout");

    @Test
    void theServiceMatchesTheFunction() throws Exception {
        JsonNode service = new ObjectMapper(new YAMLFactory()).readTree(Path.of("deploy/knative/service.yaml").toFile());
        assertEquals("serving.knative.dev/v1", service.path("apiVersion").asText());
        assertEquals("Service", service.path("kind").asText());
        JsonNode template = service.path("spec").path("template");
        assertEquals("0", template.path("metadata").path("annotations").path("autoscaling.knative.dev/min-scale").asText(),
                "scales to zero");
        assertTrue(template.path("spec").path("containerConcurrency").asInt() > 0);
        JsonNode container = template.path("spec").path("containers").path(0);
        assertTrue(container.path("image").asText().endsWith(":native"), "the native image");
        assertEquals(8080, container.path("ports").path(0).path("containerPort").asInt());

        for (String probe : new String[] { "readinessProbe", "livenessProbe" }) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            given().get(path).then().statusCode(200);
        }

        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertEquals(ENV_TO_KEY.keySet(), env.keySet(), "exactly the settings the function needs");
        for (Map.Entry<String, String> entry : ENV_TO_KEY.entrySet()) {
            assertEquals(entry.getKey(), entry.getValue().toUpperCase().replaceAll("[^A-Z0-9]", "_"),
                    "the variable is the environment form of the key");
            assertNotNull(ConfigProvider.getConfig().getConfigValue(entry.getValue()).getValue(),
                    entry.getValue() + " is a key the function reads");
        }
        for (String secret : new String[] { "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET" }) {
            JsonNode ref = env.get(secret).path("valueFrom").path("secretKeyRef");
            assertFalse(ref.path("name").asText().isEmpty(), secret + " comes from a Secret");
            assertFalse(env.get(secret).has("value"), secret + " is no literal");
        }
    }
}
