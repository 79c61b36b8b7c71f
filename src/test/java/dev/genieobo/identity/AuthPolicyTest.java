package dev.genieobo.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.Upstreams;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The declared policy: what stops the start, and which scopes satisfy it. */
class AuthPolicyTest {

    private static AuthPolicy policy(AuthConfig.Mode mode, List<String> systemResources, List<String> scopes,
            Optional<String> audience) {
        AuthConfig.Policy declared = new AuthConfig.Policy() {
            public Optional<List<String>> systemResources() {
                return Optional.ofNullable(systemResources);
            }

            public List<String> userScopes() {
                return scopes;
            }

            public List<String> scopeAliases() {
                return List.of("dashboards.genie:genie", "mcp.genie:genie", "all-apis:genie");
            }
        };
        AuthConfig.Exchange exchange = new AuthConfig.Exchange() {
            public Optional<String> jwksUrl() {
                return Optional.of("https://idp.example.com/keys");
            }

            public Optional<String> issuer() {
                return Optional.of("https://idp.example.com");
            }

            public Optional<String> audience() {
                return audience;
            }

            public Optional<String> tokenEndpoint() {
                return Optional.empty();
            }

            public Optional<String> clientId() {
                return Optional.empty();
            }
        };
        AuthConfig auth = new AuthConfig() {
            public Mode mode() {
                return mode;
            }

            public Optional<String> jwksUrl() {
                return Optional.empty();
            }

            public Optional<String> issuer() {
                return Optional.empty();
            }

            public Duration clockSkew() {
                return Duration.ofSeconds(30);
            }

            public Duration minTokenLifetime() {
                return Duration.ofSeconds(30);
            }

            public int jwksForcedRefreshMinutes() {
                return 0;
            }

            public boolean allowOpaqueTokens() {
                return false;
            }

            public Policy policy() {
                return declared;
            }

            public Exchange exchange() {
                return exchange;
            }
        };
        return new AuthPolicy(auth, "llm-endpoint", "spaces", java.util.Optional.of(List.of("space-1")), Upstreams.workspace("https://ws.example.com/"));
    }

    @Test
    void theDefaultPolicyIsValid() {
        AuthPolicy p = policy(AuthConfig.Mode.DATABRICKS, null, List.of("genie"), Optional.empty());
        assertEquals(List.of(), p.problems());
        assertEquals(List.of(new AuthPolicy.Resource("serving-endpoint", "llm-endpoint")), p.systemResources());
        assertEquals("https://ws.example.com/oidc", p.workspaceIssuer());
        assertEquals("https://ws.example.com/oidc/v1/keys", p.workspaceJwksUrl());
    }

    @Test
    void aGenieSpaceAsSystemResourceStopsTheStart() {
        List<String> problems = policy(AuthConfig.Mode.DATABRICKS,
                List.of("serving-endpoint:llm-endpoint", "genie-space:space-1"), List.of("genie"), Optional.empty()).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("Genie space space-1 is declared as a system resource")), problems.toString());
    }

    @Test
    void anEmptyScopeListStopsTheStart() {
        List<String> problems = policy(AuthConfig.Mode.DATABRICKS, null, List.of(), Optional.empty()).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("user-scopes is empty")), problems.toString());
        List<String> noGenie = policy(AuthConfig.Mode.DATABRICKS, null, List.of("sql"), Optional.empty()).problems();
        assertTrue(noGenie.stream().anyMatch(p -> p.contains("has no Genie scope")), noGenie.toString());
    }

    @Test
    void theLlmEndpointMustBeDeclaredAndExchangeNeedsAnAudience() {
        List<String> problems = policy(AuthConfig.Mode.DATABRICKS, List.of("serving-endpoint:other"), List.of("genie"),
                Optional.empty()).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("'llm-endpoint' is not declared")), problems.toString());
        List<String> exchange = policy(AuthConfig.Mode.EXCHANGE, null, List.of("genie"), Optional.empty()).problems();
        assertTrue(exchange.stream().anyMatch(p -> p.contains(".audience")), exchange.toString());
    }

    @Test
    void scopesAndTheirAliasesSatisfyThePolicy() {
        AuthPolicy p = policy(AuthConfig.Mode.DATABRICKS, null, List.of("genie"), Optional.empty());
        assertEquals(Optional.empty(), p.missingScope(Set.of("genie")));
        assertEquals(Optional.empty(), p.missingScope(Set.of("offline_access", "dashboards.genie")));
        assertEquals(Optional.empty(), p.missingScope(Set.of("all-apis")));
        assertEquals(Optional.of("genie"), p.missingScope(Set.of("sql", "offline_access")));
        assertEquals(Optional.of("genie"), p.missingScope(Set.of()));
    }
}
