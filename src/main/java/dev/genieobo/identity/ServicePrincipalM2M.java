package dev.genieobo.identity;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.HeaderFactory;
import com.databricks.sdk.core.oauth.AuthParameterPosition;
import com.databricks.sdk.core.oauth.CachedTokenSource;
import com.databricks.sdk.core.oauth.OAuthHeaderFactory;
import com.databricks.sdk.core.oauth.TokenEndpointClient;
import com.databricks.sdk.core.oauth.TokenSource;
import java.util.HashMap;
import java.util.Map;

/**
 * OAuth M2M for the service principal (auth type {@code oauth-m2m}) with the SDK's own
 * parts: its token-endpoint client (client credentials in a Basic header, {@code scope}
 * from the config, {@code all-apis} by default) and its cached, early-refreshing token
 * source, over the config's HTTP client ({@link SdkHttp}), at the workspace's token
 * endpoint {@code {host}/oidc/v1/token} (the one Databricks documents for workspace OAuth,
 * and the one {@link AuthPolicy} already uses for the exchange).
 *
 * <p>Why not the SDK's {@code OAuthM2MServicePrincipalCredentialsProvider}: it goes
 * through {@code ClientCredentials.Builder}, whose constructor builds an Apache HttpClient
 * (a connection pool and an SSLContext) that is replaced before it is ever used; on a
 * cold start that was about 100 ms of CPU for nothing (SDK 0.141.0). Why not the SDK's
 * OIDC discovery ({@code DatabricksConfig.getDatabricksOidcEndpoints()}): it is a round trip
 * to the workspace before the token request on every cold start, and in a native
 * executable its first use (the SDK's {@code ApiClient} and the Jackson reader it builds)
 * was two thirds of the time to the service principal's first token, for which the first
 * turn's LLM call waited (docs/native.md).
 */
final class ServicePrincipalM2M implements CredentialsProvider {

    /** Where a workspace issues OAuth tokens, below its host. */
    static final String TOKEN_PATH = "/oidc/v1/token";

    @Override
    public String authType() {
        return "oauth-m2m";
    }

    @Override
    public HeaderFactory configure(DatabricksConfig config) {
        if (config.getClientId() == null || config.getClientSecret() == null || config.getHost() == null) {
            return null;
        }
        String tokenUrl = config.getHost() + TOKEN_PATH;
        TokenSource clientCredentials = () -> {
            Map<String, String> form = new HashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("scope", String.join(" ", config.getScopes()));
            return TokenEndpointClient.retrieveToken(config.getHttpClient(), config.getClientId(),
                    config.getClientSecret(), tokenUrl, form, new HashMap<>(), AuthParameterPosition.HEADER);
        };
        return OAuthHeaderFactory.fromTokenSource(new CachedTokenSource.Builder(clientCredentials)
                .setAsyncDisabled(config.getDisableAsyncTokenRefresh()).build());
    }
}
