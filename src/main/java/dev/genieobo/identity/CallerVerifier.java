package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies a caller's token before anything is called with it. SmallRye JWT's parser
 * checks the signature and the claims ({@link TokenRules}); what it does not do is ours:
 * the signing keys, fetched within the request's deadline and cached for the function's
 * life ({@link SigningKeys}), the least lifetime a turn needs, the policy's scopes, and in
 * exchange mode the token exchange ({@link TokenExchange}). The keys are fetched in the
 * background at startup, so the first turn does not wait for them.
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
 * Why not the extension's HTTP authentication mechanism ({@code quarkus.smallrye-jwt.enabled}
 * stays false): it would judge every request carrying a bearer token before our routes do,
 * with its own 401 and challenge instead of the documented ones (RFC 6750 errors, the MCP
 * resource metadata, the step-up 403), and it loads keys itself, outside any turn's deadline.
 *
 * <p>Failure messages say what was wrong, never what the token was; the libraries'
 * exception texts (which quote the token) are never logged or shown.
 */
@ApplicationScoped
public class CallerVerifier {

    private static final Logger LOG = Logger.getLogger(CallerVerifier.class);

    private final AuthConfig config;
    private final AuthPolicy policy;
    private final CallerIds callerIds;
    private final SigningKeys keys;
    private final TokenRules rules;
    private final TokenExchange exchange;
    private final boolean exchangeMode;
    private final boolean hasJwks;
    private final LongAdder verifications = new LongAdder();

    public CallerVerifier(AuthConfig config, AuthPolicy policy, CallerIds callerIds) {
        this.config = config;
        this.callerIds = callerIds;
        this.policy = policy;
        this.exchangeMode = config.mode() == AuthConfig.Mode.EXCHANGE;
        this.exchange = new TokenExchange(exchangeMode ? policy.exchangeTokenEndpoint() : "",
                String.join(" ", policy.userScopes()), config.exchange().clientId().orElse(null));
        String issuer = exchangeMode ? config.exchange().issuer().orElse("") : policy.workspaceIssuer();
        String jwksUrl = exchangeMode ? config.exchange().jwksUrl().orElse("") : policy.workspaceJwksUrl();
        this.hasJwks = !jwksUrl.isEmpty(); // none in exchange mode without one: AuthPolicy stops the start
        this.keys = new SigningKeys(jwksUrl, new JwksFetch(jwksUrl),
                Duration.ofMinutes(config.jwksForcedRefreshMinutes()).toMillis());
        this.rules = new TokenRules(issuer,
                exchangeMode ? Optional.of(config.exchange().audience().orElse("")) : Optional.empty(),
                config.clockSkew());
    }

    /**
     * Fetches the signing keys in the background, so the first caller does not wait for
     * them, and warms verification up; under a SnapStart snapshot only the warm-up, which
     * fetches nothing ({@link StartupFetches}). A platform thread, not a virtual one: this
     * work is CPU-bound while the JVM is cold (class loading, RSA in the interpreter) and a
     * virtual thread keeps its carrier until it blocks, so it held one of the carriers the
     * first turn's virtual threads need (see {@link StartupFetches}).
     */
    void prefetchKeys(@Observes StartupEvent started, StartupFetches fetches) {
        boolean fetch = hasJwks && fetches.allowed();
        Thread.ofPlatform().daemon().name("jwks-prefetch").start(() -> {
            if (fetch) {
                try {
                    keys.fetch();
                } catch (Exception e) {
                    LOG.debugf("the signing keys could not be fetched at startup (%s); the first caller fetches them",
                            e.getClass().getSimpleName());
                }
            }
            warmUp();
        });
    }

    /** @see VerificationWarmUp */
    static boolean warmUp() {
        return VerificationWarmUp.run();
    }

    /**
     * A verified (and in exchange mode, exchanged) credential; the caller must close it.
     * Key fetches and the exchange run inside {@code deadline}.
     */
    public UserCredential verify(String token, Deadline deadline) {
        try (VerifiedCaller caller = check(token, deadline)) {
            return open(caller, deadline);
        }
    }

    /**
     * Verifies a token without making a credential of it (and without exchanging it):
     * for a gate in front of a protocol, whose handler then {@link #open opens} the result.
     */
    public VerifiedCaller check(String token, Deadline deadline) {
        verifications.increment();
        if (!looksLikeJwt(token)) {
            if (!exchangeMode && config.allowOpaqueTokens()) {
                return VerifiedCaller.opaque(token, callerIds.of("opaque:" + token));
            }
            throw Unauthenticated.invalidToken(!exchangeMode
                    ? "opaque tokens (personal access tokens) are not accepted; send a Databricks OAuth token"
                    : "the token is not a JWT of the identity provider");
        }
        JsonWebToken jwt;
        try {
            jwt = rules.verify(token, keys.keyFor(token, deadline));
        } catch (Unauthenticated refused) {
            LOG.debugf("caller refused: %s", refused.getMessage());
            throw refused;
        }
        if (!(jwt.getClaim("sub") instanceof String subject)) {
            throw Unauthenticated.invalidToken("the token's subject is not a string");
        }
        String callerId = callerIds.of(subject);
        Instant expiry = Instant.ofEpochSecond(jwt.getExpirationTime()); // required by the rules
        if (!exchangeMode) { // in exchange mode the exchanged token's lifetime is what the turn lives on
            checkLifetime(expiry);
            Set<String> scopes = scopes(jwt.getClaim("scope"));
            LOG.debugf("caller %s verified with scopes %s", callerId, scopes); // never the subject
            policy.missingScope(scopes).ifPresent(missing -> {
                throw new InsufficientScope(missing);
            });
        }
        return VerifiedCaller.jwt(token, callerId, expiry);
    }

    /**
     * The credential of a verified caller for one request (in exchange mode: the exchanged
     * token, exchanged inside {@code deadline}); the caller must close it.
     */
    public UserCredential open(VerifiedCaller caller, Deadline deadline) {
        if (!exchangeMode || caller.isOpaque()) {
            return UserCredential.of(caller.token(), caller.callerId(), caller.expiresAt().orElse(null));
        }
        TokenExchange.Exchanged exchanged;
        try {
            exchanged = exchange.exchange(caller.token(), deadline);
        } catch (Unauthenticated refused) {
            LOG.debugf("caller %s refused: %s", caller.callerId(), refused.getMessage());
            throw refused;
        }
        if (exchanged.expiresAt() != null) {
            checkLifetime(exchanged.expiresAt());
        }
        return UserCredential.of(exchanged.accessToken(), caller.callerId(), exchanged.expiresAt());
    }

    /** How many tokens were checked since start (once per request: a gate's check is reused). */
    public long verifications() {
        return verifications.sum();
    }

    /**
     * Refuses a token that expires before a turn could use it: less than
     * {@code genie-obo.auth.min-token-lifetime} left (the clock skew does not stretch it).
     */
    private void checkLifetime(Instant expiry) {
        Duration left = Duration.between(Instant.now(), expiry);
        if (left.isNegative() || left.isZero()) {
            throw Unauthenticated.invalidToken("the token has expired; refresh it");
        }
        if (left.compareTo(config.minTokenLifetime()) < 0) {
            throw Unauthenticated.invalidToken("the token expires in " + Math.max(1, left.toSeconds())
                    + " s, less than the " + config.minTokenLifetime().toSeconds()
                    + " s a turn may need; refresh it and ask again");
        }
    }

    /**
     * The token's scopes: a space-separated {@code scope} (RFC 8693, RFC 9068) or a list of
     * them, as SmallRye JWT hands it over (JSON-P values) or as plain values.
     */
    static Set<String> scopes(Object claim) {
        if (claim == null) {
            return Set.of();
        }
        String text = claim instanceof Collection<?> list
                ? list.stream().map(CallerVerifier::text).collect(Collectors.joining(" "))
                : text(claim);
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static String text(Object value) {
        return value instanceof JsonString json ? json.getString() : String.valueOf(value);
    }

    /** Three base64url parts with a JSON header: {@code eyJ...}. */
    static boolean looksLikeJwt(String token) {
        return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
    }
}
