package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.TurnCancelledException;
import dev.genieobo.upstream.UpstreamException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Verifies a caller's token before anything is called with it, with jose4j
 * (the JOSE library under smallrye-jwt): one {@link JwtConsumer}, built at
 * startup, for the whole life of the function, over one JWKS cache, so keys are
 * cached by {@code kid} and refetched on an unknown one. smallrye-jwt's own
 * parser built a consumer and a principal per token: verifying took 0.38-0.42 ms
 * of a warm turn's wall time with it, 0.26-0.29 ms with this (most of the rest
 * is the RSA signature check). The keys are fetched in the background at
 * startup, so the first turn does not wait for them.
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

    private final AuthConfig config;
    private final AuthPolicy policy;
    private final HttpsJwks jwks;
    private final TokenExchange exchange;
    private final JwtConsumer consumer;
    /** Least time between two JWKS fetches caused by unknown kids. */
    private final long refetchSpacing;
    private static final long DEFAULT_REFETCH_SPACING_MS = 300;
    private final String expectedIssuer;
    private final String jwksUrl;
    private final CallerIds callerIds;

    public CallerVerifier(AuthConfig config, AuthPolicy policy, CallerIds callerIds) {
        this.config = config;
        this.callerIds = callerIds;
        this.policy = policy;
        boolean exchange = config.mode() == AuthConfig.Mode.EXCHANGE;
        this.exchange = new TokenExchange(exchange ? policy.exchangeTokenEndpoint() : "",
                String.join(" ", policy.userScopes()), config.exchange().clientId().orElse(null));
        this.expectedIssuer = exchange ? config.exchange().issuer().orElse("") : policy.workspaceIssuer();
        this.jwksUrl = exchange ? config.exchange().jwksUrl().orElse("") : policy.workspaceJwksUrl();
        this.jwks = new HttpsJwks(jwksUrl);
        jwks.setSimpleHttpGet(new JwksFetch(jwksUrl)); // Quarkus' REST client, bounded by the request's deadline
        jwks.setDefaultCacheDuration(Duration.ofHours(1).toSeconds()); // when the JWKS answer sets no cache headers
        // an unknown kid refetches the keys, but not more often than this (jose4j's default: 300 ms)
        this.refetchSpacing = Math.max(DEFAULT_REFETCH_SPACING_MS,
                Duration.ofMinutes(config.jwksForcedRefreshMinutes()).toMillis());
        jwks.setRefreshReprieveThreshold(refetchSpacing);
        JwtConsumerBuilder builder = rules(expectedIssuer, (int) config.clockSkew().toSeconds())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks));
        if (exchange) {
            builder.setExpectedAudience(config.exchange().audience().orElse(""));
        } else {
            builder.setSkipDefaultAudienceValidation(); // workspace tokens name the workspace, not this function
        }
        this.consumer = builder.build(); // thread-safe and reusable (jose4j)
    }

    /** What every token must satisfy besides its signature key and audience (callers and the warm-up alike). */
    private static JwtConsumerBuilder rules(String issuer, int clockSkewSeconds) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(clockSkewSeconds)
                .setExpectedIssuer(issuer)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
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
        boolean fetch = !jwksUrl.isEmpty() && fetches.allowed(); // no JWKS URL in exchange mode: AuthPolicy stops the start
        Thread.ofPlatform().daemon().name("jwks-prefetch").start(() -> {
            if (fetch) {
                try {
                    jwks.getJsonWebKeys();
                } catch (Exception e) {
                    LOG.debugf("the signing keys could not be fetched at startup (%s); the first caller fetches them",
                            e.getClass().getSimpleName());
                }
            }
            warmUp();
        });
    }

    /**
     * A token signed by a throwaway RSA key whose private half was discarded when
     * it was made. Only {@link #warmUp()}'s own consumer trusts its public half
     * ({@link #WARM_UP_KEY_N}); callers' tokens are never checked against it.
     */
    private static final String WARM_UP_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6Indhcm0tdXAifQ.eyJpc3MiOiJnZW5pZS1vYm8td2FybS11cCIsInN1YiI6Indhcm0tdXAiLCJleHAiOjQxMDI0NDQ4MDAsInNjb3BlIjoiZ2VuaWUifQ.MNekbLZ-cEJLhZAg4khLjjDzXLTupqXcXppOcqhUpBl1R0_5ZUO_saSNmJ1cxX3NxiHVROJKXZQPuoQDr2TlltboU09SgpJ0eR12OO_nhRlSfjCS62lePB4U9OecxDpgx-AICTvaZeEyNkfRAgGYkGh0UjkzvoKj7lACTFqIsXRvA3e74HJkbAWAXn-5g_VFeXpm9tQUnYNA3MAm5LJrhYr6VHPMKWsc5DDl7HdI9Hfc0c4u1e_VO1hyDoP1rYhrHP9mKtcuoFX2_rJ89TetNjBh_T71QaM51Dsz9-GylZ8lpsp--Dtztg3DK2hwykwR3xJ9_jPz3ENdL7MJwS-EWw";
    private static final String WARM_UP_KEY_N = "7CogXxL2kDnHznhOLAy573cdkbuy-rM51DMLFJ6Fey08D4iaOxp2lyw4MtHSK2UWnjFBLgL67FM5rxelmOBKk5aztNGCPzcsZWY5x5l7ETrSd5UT5js1HMBTGCw7C6TK2X14h9AJ37DHwhboIe1fZCWCy9BF9KQ_l-pVdQGX_h_oQ1su4abIGOfQwbc0a_s8wWCh-zGyHCGqJ_Fg7V6DtnGXuaAXxcFUL0cHeKKBuv727ILIs8SsUESnPyQOD-NpwDhlA0XxD9mAf80tB_XoOxPBey-0bUZf2eMUFKxaYAhHE4RuLJa-rlovWpfyGyQFK88DbfdWLm70qFJAVJAGfQ";

    /**
     * Verifies {@link #WARM_UP_TOKEN} once, the way a caller's token is verified
     * (JWS parsing, RS256, claims), so that the first caller does not pay for
     * loading and first running that code (cold start).
     *
     * @return whether the token verified (it should: {@code CallerVerifierWarmUpTest})
     */
    static boolean warmUp() {
        try {
            JsonWebKey key = JsonWebKey.Factory.newJwk(java.util.Map.of("kty", "RSA", "n", WARM_UP_KEY_N, "e", "AQAB"));
            rules("genie-obo-warm-up", 0)
                    .setSkipDefaultAudienceValidation()
                    .setVerificationKey(key.getKey())
                    .build()
                    .processToClaims(WARM_UP_TOKEN);
            return true;
        } catch (Exception e) {
            LOG.debugf("the verification warm-up failed (%s)", e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * A verified (and in exchange mode, exchanged) credential; the caller must close it.
     * Key fetches and the exchange run inside {@code deadline}.
     */
    public UserCredential verify(String token, Deadline deadline) {
        JwtClaims jwt = check(token, deadline);
        if (jwt == null) {
            return UserCredential.of(token, callerIds.of("opaque:" + token), null);
        }
        String callerId = callerIds.of(subject(jwt));
        return config.mode() == AuthConfig.Mode.EXCHANGE ? exchange(token, callerId, deadline)
                : UserCredential.of(token, callerId, expiry(jwt));
    }

    private static Instant expiry(JwtClaims claims) {
        try {
            return Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis()); // required by the consumer
        } catch (MalformedClaimException e) {
            throw Unauthenticated.invalidToken("the token's expiry is not a number");
        }
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

    private static String subject(JwtClaims claims) {
        try {
            return claims.getSubject(); // required (never null) by the consumer
        } catch (MalformedClaimException e) {
            throw Unauthenticated.invalidToken("the token's subject is not a string");
        }
    }

    /**
     * Verifies a token without making a credential of it (and without exchanging
     * it): for gates that only decide whether a request may pass.
     *
     * @return the verified claims, or null for an opaque token that is allowed through
     */
    public JwtClaims check(String token, Deadline deadline) {
        if (!looksLikeJwt(token)) {
            if (config.mode() == AuthConfig.Mode.DATABRICKS && config.allowOpaqueTokens()) {
                return null;
            }
            throw Unauthenticated.invalidToken(config.mode() == AuthConfig.Mode.DATABRICKS
                    ? "opaque tokens (personal access tokens) are not accepted; send a Databricks OAuth token"
                    : "the token is not a JWT of the identity provider");
        }
        JwtClaims jwt = JwksFetch.within(deadline, () -> parse(token, deadline));
        if (config.mode() == AuthConfig.Mode.EXCHANGE) {
            return jwt; // the exchanged token's lifetime is what the turn lives on: checked after the exchange
        }
        checkLifetime(expiry(jwt));
        Object scope = jwt.getClaimValue("scope");
        String scopeText = scope instanceof java.util.Collection<?> list
                ? String.join(" ", list.stream().map(String::valueOf).toList())
                : String.valueOf(scope);
        Set<String> scopes = scope == null ? Set.of()
                : Arrays.stream(scopeText.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        LOG.debugf("caller %s verified with scopes %s", callerIds.of(subject(jwt)), scopes); // never the subject
        policy.missingScope(scopes).ifPresent(missing -> {
            throw new InsufficientScope(missing);
        });
        return jwt;
    }

    private JwtClaims parse(String token, Deadline deadline) {
        try {
            try {
                return consumer.processToClaims(token);
            } catch (InvalidJwtException e) {
                if (!unknownKey(e) || refetchSpacing > DEFAULT_REFETCH_SPACING_MS) {
                    throw e;
                }
                // No key for its kid, and the keys may have been refetched just now (for another
                // unknown kid), so this token's could not be: wait out the spacing once and look again,
                // so that the first tokens of a rotated key are not refused. A flood of unknown kids
                // still refetches at most once per spacing.
                deadline.sleep(Duration.ofMillis(refetchSpacing), "waiting to refetch the signing keys");
                return consumer.processToClaims(token);
            }
        } catch (InvalidJwtException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UpstreamException || t instanceof DeadlineExceededException
                        || t instanceof TurnCancelledException) {
                    throw (RuntimeException) t; // fetching the keys failed, timed out or was abandoned
                }
                if (t instanceof IOException) {
                    throw new UpstreamException("the signing keys (JWKS) at " + jwksUrl + " could not be fetched");
                }
            }
            String reason = reason(e);
            LOG.debugf("caller refused: %s", reason);
            throw Unauthenticated.invalidToken(reason);
        }
    }

    private static boolean unknownKey(Throwable failure) {
        boolean unresolvable = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UpstreamException || t instanceof DeadlineExceededException
                    || t instanceof TurnCancelledException) {
                return false; // the keys could not be fetched: no point waiting here
            }
            unresolvable |= t instanceof org.jose4j.lang.UnresolvableKeyException;
        }
        return unresolvable;
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
                if (invalid.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
                    return "the token has no subject";
                }
                if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                    return "the token has no expiry";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return "the token's signature does not verify";
                }
            }
        }
        return "the token could not be verified (signature, algorithm, key or claims)";
    }

    private UserCredential exchange(String subjectToken, String callerId, Deadline deadline) {
        TokenExchange.Exchanged exchanged;
        try {
            exchanged = exchange.exchange(subjectToken, deadline);
        } catch (Unauthenticated refused) {
            LOG.debugf("caller %s refused: %s", callerId, refused.getMessage());
            throw refused;
        }
        if (exchanged.expiresAt() != null) {
            checkLifetime(exchanged.expiresAt());
        }
        return UserCredential.of(exchanged.accessToken(), callerId, exchanged.expiresAt());
    }

    /** Three base64url parts with a JSON header: {@code eyJ...}. */
    static boolean looksLikeJwt(String token) {
        return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
    }
}
