package dev.genieobo.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.genieobo.support.Upstreams;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service principal's personal access token ({@code DATABRICKS_TOKEN}): its provider
 * ({@link ServicePrincipalPat}, on the SDK's public interfaces) turns it into the function's
 * own bearer header without any request (there is no HTTP client here, so a request would
 * fail the test). Every other test runs the
 * function with OAuth M2M against the simulated workspace.
 */
@Timeout(30)
class SystemIdentityPatTest {

    private static ServicePrincipalConfig credentials(String token, String clientId, String secret) {
        return new ServicePrincipalConfig() {
            @Override
            public Optional<String> token() {
                return Optional.ofNullable(token);
            }

            @Override
            public Optional<String> clientId() {
                return Optional.ofNullable(clientId);
            }

            @Override
            public Optional<String> clientSecret() {
                return Optional.ofNullable(secret);
            }
        };
    }

    @Test
    void aPersonalAccessTokenIsTheFunctionsBearerHeader() {
        SystemIdentity system = new SystemIdentity(Upstreams.workspace("https://adb-1.example.net/"),
                credentials("dapi-test-pat", null, null), null);
        assertEquals("pat", system.authType());
        assertEquals(Map.of("Authorization", "Bearer dapi-test-pat"), system.headers());
    }
}
