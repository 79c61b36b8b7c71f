package dev.genieobo.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How callers are verified, and the declared auth policy. */
@ConfigMapping(prefix = "genie-obo.auth")
public interface AuthConfig {

    enum Mode {
        /** The caller sends a Databricks OAuth access token (a JWT of the workspace). */
        DATABRICKS,
        /** The caller sends a JWT of the organisation's IdP, exchanged per request for a workspace token (RFC 8693). */
        EXCHANGE
    }

    @WithDefault("databricks")
    Mode mode();

    /** Workspace JWKS; default {@code {host}/oidc/v1/keys}. */
    Optional<String> jwksUrl();

    /** Expected {@code iss} of workspace tokens; default {@code {host}/oidc}. */
    Optional<String> issuer();

    /** Tolerance for {@code exp} and {@code nbf}. */
    @WithDefault("30s")
    Duration clockSkew();

    /**
     * Least time between two JWKS fetches caused by a token with an unknown key
     * id, in minutes. 0 refetches at once (a key rotation is picked up by the
     * first token that uses the new key); the JWT library still spaces fetches
     * by at least 300 ms.
     */
    @WithDefault("0")
    int jwksForcedRefreshMinutes();

    /**
     * Least lifetime a caller's token must have left to be accepted (in exchange mode:
     * the exchanged token's). A shorter-lived token is refused before any upstream call,
     * so the caller refreshes it instead of losing the turn half-way.
     */
    @WithDefault("30s")
    Duration minTokenLifetime();

    /** Accept opaque tokens (PATs, {@code dapi...}) unverified and let Genie verify them. */
    @WithDefault("false")
    boolean allowOpaqueTokens();

    Policy policy();

    Exchange exchange();

    /** The auth policy: what the function calls as itself, and which scopes it needs from the user. */
    interface Policy {

        /**
         * Resources called with the function's own identity, as {@code type:name}.
         * Default: {@code serving-endpoint:<genie-obo.llm.endpoint>}. Only serving
         * endpoints are allowed; a Genie space here stops the start.
         */
        Optional<List<String>> systemResources();

        /** API scopes the caller's token must carry (each, or an alias of it). */
        @WithDefault("genie")
        List<String> userScopes();

        /** Token scopes accepted in place of a required one, as {@code alias:scope}. */
        @WithDefault("dashboards.genie:genie,mcp.genie:genie,all-apis:genie")
        List<String> scopeAliases();
    }

    /** Exchange mode: the IdP whose JWTs callers present, and the workspace's token endpoint. */
    interface Exchange {

        /** JWKS of the IdP (required in exchange mode). */
        Optional<String> jwksUrl();

        /** Issuer of the IdP's tokens (required in exchange mode). */
        Optional<String> issuer();

        /** The audience tokens must be minted for: this function (required in exchange mode). */
        Optional<String> audience();

        /** RFC 8693 endpoint; default {@code {host}/oidc/v1/token}. */
        Optional<String> tokenEndpoint();

        /** Sent as {@code client_id} (only for service-principal federation policies). */
        Optional<String> clientId();
    }
}
