package dev.genieobo.identity;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.HeaderFactory;
import com.databricks.sdk.core.oauth.CachedTokenSource;
import com.databricks.sdk.core.oauth.OAuthHeaderFactory;
import com.databricks.sdk.core.oauth.Token;
import com.databricks.sdk.core.oauth.TokenSource;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import dev.genieobo.upstream.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * OAuth M2M for the service principal (auth type {@code oauth-m2m}) through the Databricks
 * SDK's public API only: its {@link TokenSource} and {@link Token}, its cached,
 * early-refreshing {@link CachedTokenSource} and its {@link OAuthHeaderFactory}. The token
 * request itself (RFC 6749 client credentials: the id and secret in a Basic header,
 * {@code scope} from the config, {@code all-apis} by default) is ours, over the function's
 * one HTTP client ({@link UpstreamHttp}), at the workspace's token endpoint
 * {@code {host}/oidc/v1/token} (the one Databricks documents for workspace OAuth, and the one
 * {@link AuthPolicy} already uses for the exchange), without OIDC discovery.
 *
 * <p>Why not the SDK's own parts: in SDK 0.141.0 its {@code OAuthM2MServicePrincipalCredentialsProvider},
 * {@code TokenEndpointClient}, {@code AuthParameterPosition} and its HTTP transport
 * ({@code HttpClient}, {@code Request}, {@code Response}) are {@code @InternalApi} ("should not be
 * used by third-party code"). Its public {@code ClientCredentials.Builder} takes the token URL,
 * but its constructor builds an Apache HttpClient (a connection pool and an SSLContext, about
 * 100 ms of CPU on a cold start), which only an {@code @InternalApi} transport could replace, and
 * without the internal {@code AuthParameterPosition} it sends the secret in the form instead of
 * the Basic header the workspace's documentation shows. The provider would also add OIDC
 * discovery, a round trip before every cold start's first token (docs/native.md).
 *
 * <p>Errors are our own words: no URL query, no body, never the secret.
 */
final class ServicePrincipalM2M implements CredentialsProvider {

    /** Where a workspace issues OAuth tokens, below its host. */
    static final String TOKEN_PATH = "/oidc/v1/token";
    /** Each token request is bounded by this, as the SDK's own client was. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String WHAT = "the workspace's OAuth endpoint";

    private final UpstreamHttp http;

    ServicePrincipalM2M(UpstreamHttp http) {
        this.http = http;
    }

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
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (config.getClientId() + ":" + config.getClientSecret()).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials&scope="
                + URLEncoder.encode(String.join(" ", config.getScopes()), StandardCharsets.UTF_8);
        TokenSource clientCredentials = () -> request(tokenUrl, basic, form);
        return OAuthHeaderFactory.fromTokenSource(new CachedTokenSource.Builder(clientCredentials)
                .setAsyncDisabled(config.getDisableAsyncTokenRefresh()).build());
    }

    /** One client-credentials request: the token, or a DatabricksException in our words. */
    private Token request(String tokenUrl, String basic, String form) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("Authorization", basic)
                .set("Content-Type", "application/x-www-form-urlencoded")
                .set("Accept", "application/json");
        UpstreamResponse answer;
        try {
            answer = http.send(HttpMethod.POST, tokenUrl, headers, Buffer.buffer(form),
                    Deadline.detached(TIMEOUT), WHAT);
        } catch (UpstreamException e) {
            throw new DatabricksException("the token request failed: " + e.getMessage());
        } catch (RuntimeException e) { // the deadline, or a cancellation
            throw new DatabricksException("the token request failed (" + e.getClass().getSimpleName() + ")");
        }
        JsonObject body;
        try {
            body = answer.body() == null || answer.body().length() == 0 ? new JsonObject() : answer.body().toJsonObject();
        } catch (DecodeException | ClassCastException notJson) {
            body = new JsonObject();
        }
        if (answer.status() / 100 != 2) {
            throw new DatabricksException(WHAT + " answered HTTP " + answer.status()
                    + (body.getValue("error") instanceof String error ? " (" + error + ")" : ""));
        }
        if (!(body.getValue("access_token") instanceof String access) || access.isEmpty()) {
            throw new DatabricksException(WHAT + " answered without an access_token");
        }
        String type = body.getValue("token_type") instanceof String t && !t.isBlank() ? t : "Bearer";
        long expiresIn = body.getValue("expires_in") instanceof Number n ? n.longValue() : 0;
        // without expires_in the token is taken as expiring now: the SDK then asks for a new one each time
        return new Token(access, type, Instant.now().plusSeconds(Math.max(0, expiresIn)));
    }
}
