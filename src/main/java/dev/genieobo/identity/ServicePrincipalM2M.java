package dev.genieobo.identity;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.HeaderFactory;
import com.databricks.sdk.core.oauth.AuthParameterPosition;
import com.databricks.sdk.core.oauth.CachedTokenSource;
import com.databricks.sdk.core.oauth.OAuthHeaderFactory;
import com.databricks.sdk.core.oauth.OpenIDConnectEndpoints;
import com.databricks.sdk.core.oauth.TokenEndpointClient;
import com.databricks.sdk.core.oauth.TokenSource;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * OAuth M2M for the service principal (auth type {@code oauth-m2m}) with the SDK's own
 * parts: its OIDC discovery ({@link DatabricksConfig#getDatabricksOidcEndpoints()}), its
 * token-endpoint client (client credentials in a Basic header, {@code scope} from the
 * config, {@code all-apis} by default) and its cached, early-refreshing token source,
 * all over the config's HTTP client ({@link SdkHttp}).
 *
 * <p>Why not the SDK's {@code OAuthM2MServicePrincipalCredentialsProvider}: it goes
 * through {@code ClientCredentials.Builder}, whose constructor builds an Apache HttpClient
 * (a connection pool and an SSLContext) that is replaced before it is ever used; on a
 * cold start that was about 100 ms of CPU for nothing (SDK 0.141.0).
 */
final class ServicePrincipalM2M implements CredentialsProvider {

    @Override
    public String authType() {
        return "oauth-m2m";
    }

    @Override
    public HeaderFactory configure(DatabricksConfig config) {
        if (config.getClientId() == null || config.getClientSecret() == null || config.getHost() == null) {
            return null;
        }
        OpenIDConnectEndpoints endpoints;
        try {
            endpoints = config.getDatabricksOidcEndpoints();
        } catch (IOException e) {
            throw new DatabricksException("Unable to fetch OIDC endpoint: " + e.getClass().getSimpleName(), e);
        }
        String tokenUrl = endpoints.getTokenEndpoint();
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
