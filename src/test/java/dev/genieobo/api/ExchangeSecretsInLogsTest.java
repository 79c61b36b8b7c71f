package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.SecretScan;
import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exchange mode at the log levels of {@link SecretsInLogsTest}, with the REST client's
 * request and response logging switched on as well: the IdP tokens the REST client
 * sends to the token endpoint and the workspace tokens it gets back reach neither the
 * log nor a span (application.properties caps that logging at WARN at build time; without
 * the cap this test fails on the exchanged token in the logged response).
 */
@QuarkusTest
@TestProfile(ExchangeSecretsInLogsTest.VerboseExchange.class)
class ExchangeSecretsInLogsTest {

    static final Path LOG = Path.of("target/exchange-secrets-in-logs-test.log");

    public static class VerboseExchange implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new SecretsInLogsTest.Verbose().getConfigOverrides());
            config.put("quarkus.log.file.path", LOG.toString());
            config.putAll(new ExchangeModeTest.Exchange().getConfigOverrides());
            config.put("quarkus.rest-client.logging.scope", "request-response"); // what an operator might switch on
            config.put("quarkus.log.category.\"org.jboss.resteasy.reactive.client.logging\".level", "DEBUG");
            return config;
        }
    }

    @jakarta.inject.Inject
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans;

    private static int ask(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Sim.question("What is the total sales amount?")).post("/invocations").statusCode();
    }

    @Test
    void noIdpOrExchangedTokenReachesTheLog() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (String user : List.of("alice", "bob")) {
            String token = Sim.inApp().idpToken(user, "api://genie-obo");
            tokens.add(token);
            assertEquals(200, ask(token));
        }
        String stranger = Sim.inApp().idpToken("mallory", "api://genie-obo"); // the workspace refuses to exchange it
        String foreign = Sim.inApp().idpToken("alice", "api://someone-else");
        tokens.addAll(List.of(stranger, foreign));
        assertEquals(401, ask(stranger));
        assertEquals(401, ask(foreign));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> spans.getFinishedSpanItems().toString().contains("invoke_agent genie-obo"));
        String log = Files.readString(LOG) + "\n" + spans.getFinishedSpanItems();
        assertTrue(log.contains("/oidc/v1/token"), "the scan reads the REST client's exchanges");
        assertTrue(log.contains("the workspace refused to exchange the token"), "and the refused one");
        SecretScan.assertNoToken(log, tokens); // the exchanged tokens are JWTs: any in the log fails it too
    }
}
