package dev.genieobo.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import dev.genieobo.upstream.UpstreamResponse;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies a caller's token before anything is called with it, with
 * smallrye-jwt's parser (one instance per issuer, so JWKS keys are cached by
 * {@code kid} and refetched on an unknown one).
 *
 * <ul>
 * <li>{@code databricks} mode: a workspace OAuth token: signature against the
 * workspace JWKS, issuer, expiry and not-before (with clock skew), then the
 * policy's scopes. Opaque tokens only when allowed (Genie then verifies them).</li>
 * <li>{@code exchange} mode: a JWT of the organisation's IdP, for this function's
 * audience, exchanged (RFC 8693) per request for a workspace token with the
 * policy's scopes. Nothing of it is cached.</li>
 * </ul>
 *
 * Failure messages say what was wrong, never what the token was; the
 * library's exception causes (which quote the token) are never logged or shown.
 */
@ApplicationScoped
public class CallerVerifier {

    private static final Logger LOG = Logger.getLogger(CallerVerifier.class);

    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final Duration EXCHANGE_BUDGET = Duration.ofSeconds(10);

    private final AuthConfig config;
    private final AuthPolicy policy;
    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final JWTParser parser;
    private final String expectedIssuer;
    private final String jwksUrl;
    private final CallerIds callerIds;

    public CallerVerifier(AuthConfig config, AuthPolicy policy, UpstreamHttp http, ObjectMapper mapper,
            CallerIds callerIds) {
        this.config = config;
        this.callerIds = callerIds;
        this.policy = policy;
        this.http = http;
        this.mapper = mapper;
        boolean exchange = config.mode() == AuthConfig.Mode.EXCHANGE;
        this.expectedIssuer = exchange ? config.exchange().issuer().orElse("") : policy.workspaceIssuer();
        this.jwksUrl = exchange ? config.exchange().jwksUrl().orElse("") : policy.workspaceJwksUrl();
        JWTAuthContextInfo context = new JWTAuthContextInfo(jwksUrl, expectedIssuer);
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
        context.setClockSkew((int) config.clockSkew().toSeconds());
        context.setForcedJwksRefreshInterval(config.jwksForcedRefreshMinutes());
        context.setJwksRefreshInterval(60);
        if (exchange) {
            context.setExpectedAudience(Set.of(config.exchange().audience().orElse("")));
        }
        this.parser = new DefaultJWTParser(context);
    }

    /** A verified (and in exchange mode, exchanged) credential; the caller must close it. */
    public UserCredential verify(String token) {
        JsonWebToken jwt = check(token);
        if (jwt == null) {
            return UserCredential.of(token, callerIds.of("opaque:" + token));
        }
        String callerId = callerIds.of(String.valueOf(jwt.getSubject()));
        return config.mode() == AuthConfig.Mode.EXCHANGE ? exchange(jwt.getRawToken(), callerId)
                : UserCredential.of(token, callerId);
    }

    /**
     * Verifies a token without making a credential of it (and without exchanging
     * it): for gates that only decide whether a request may pass.
     *
     * @return the verified JWT, or null for an opaque token that is allowed through
     */
    public JsonWebToken check(String token) {
        if (!looksLikeJwt(token)) {
            if (config.mode() == AuthConfig.Mode.DATABRICKS && config.allowOpaqueTokens()) {
                return null;
            }
            throw Unauthenticated.invalidToken(config.mode() == AuthConfig.Mode.DATABRICKS
                    ? "opaque tokens (personal access tokens) are not accepted; send a Databricks OAuth token"
                    : "the token is not a JWT of the identity provider");
        }
        JsonWebToken jwt = parse(token);
        if (config.mode() == AuthConfig.Mode.EXCHANGE) {
            return jwt;
        }
        Object scope = jwt.getClaim("scope");
        Set<String> scopes = scope == null ? Set.of()
                : Arrays.stream(scope.toString().trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        LOG.debugf("caller %s verified with scopes %s", jwt.getSubject(), scopes);
        policy.missingScope(scopes).ifPresent(missing -> {
            throw new InsufficientScope(missing);
        });
        return jwt;
    }

    private JsonWebToken parse(String token) {
        try {
            return parser.parse(token);
        } catch (ParseException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    throw new UpstreamException("the signing keys (JWKS) at " + jwksUrl + " could not be fetched");
                }
            }
            String reason = reason(e);
            LOG.debugf("caller refused: %s", reason);
            throw Unauthenticated.invalidToken(reason);
        }
    }

    /** What was wrong, from jose4j's error codes; never the exception's text (it quotes the token). */
    private String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "the token has expired";
                }
                if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                    return "the token is not valid yet";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "the token was not issued by " + expectedIssuer;
                }
                if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return "the token was not issued for this function (audience)";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return "the token's signature does not verify";
                }
            }
        }
        return "the token could not be verified (signature, algorithm, key or claims)";
    }

    private UserCredential exchange(String subjectToken, String callerId) {
        String form = "grant_type=" + encode(TOKEN_EXCHANGE)
                + "&subject_token=" + encode(subjectToken)
                + "&subject_token_type=" + encode("urn:ietf:params:oauth:token-type:jwt")
                + "&scope=" + encode(String.join(" ", policy.userScopes()))
                + config.exchange().clientId().map(id -> "&client_id=" + encode(id)).orElse("");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("Content-Type", "application/x-www-form-urlencoded")
                .set("Accept", "application/json");
        UpstreamResponse response = http.send(HttpMethod.POST, policy.exchangeTokenEndpoint(), headers,
                Buffer.buffer(form), Deadline.after(EXCHANGE_BUDGET), "the workspace token endpoint");
        JsonNode body;
        try {
            body = mapper.readTree(response.body().getBytes());
        } catch (IOException e) {
            body = mapper.createObjectNode();
        }
        if (!response.ok()) {
            if (response.status() >= 500) {
                throw new UpstreamException(
                        "the workspace token endpoint answered HTTP " + response.status(), response.status());
            }
            throw Unauthenticated.invalidToken("the workspace refused to exchange the token ("
                    + body.path("error").asText("HTTP " + response.status()) + ")");
        }
        String access = body.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new UpstreamException("the workspace token endpoint returned no access_token");
        }
        return UserCredential.of(access, callerId);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Three base64url parts with a JSON header: {@code eyJ...}. */
    static boolean looksLikeJwt(String token) {
        return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
    }
}
