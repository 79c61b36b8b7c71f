package dev.genieobo.identity;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.HeaderFactory;
import java.util.Map;

/**
 * The service principal's personal access token (auth type {@code pat}) as its bearer
 * header, with no request: a credentials provider of our own on the SDK's public
 * {@link CredentialsProvider} and {@link HeaderFactory} interfaces, because the SDK's
 * {@code PatCredentialsProvider} is {@code @InternalApi} (SDK 0.141.0: "should not be used by
 * third-party code"). It does what that one does: {@code Authorization: Bearer <token>}.
 */
final class ServicePrincipalPat implements CredentialsProvider {

    @Override
    public String authType() {
        return "pat";
    }

    @Override
    public HeaderFactory configure(DatabricksConfig config) {
        if (config.getToken() == null || config.getHost() == null) {
            return null;
        }
        Map<String, String> headers = Map.of("Authorization", "Bearer " + config.getToken());
        return () -> headers;
    }
}
