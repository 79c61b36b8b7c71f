package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;
import java.io.IOException;
import java.security.Key;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.jose4j.http.SimpleGet;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The callers' signing keys: one JWKS cache for the function's life (jose4j's
 * {@link HttpsJwks}), fetched by our own code ({@link JwksFetch}: Quarkus' REST client,
 * bounded by the deadline of the request being verified), and the key of one token
 * chosen from it by the token's {@code kid} and {@code alg}. SmallRye JWT verifies the
 * token with that key ({@link TokenRules}); its own key loading (a JWKS URL in its
 * context) cannot be bounded by a turn's deadline, so it is never given a URL.
 *
 * <p>Keys are cached for as long as the JWKS answer says (an hour without cache headers).
 * An unknown {@code kid} refetches the keys, but not more often than the spacing
 * ({@code genie-obo.auth.jwks-forced-refresh-minutes}, at least 300 ms); a token whose key
 * could not be fetched because the keys were refetched just before (for another unknown
 * kid) waits out the spacing once and looks again, so that the first tokens of a rotated
 * key are not refused.
 */
final class SigningKeys {

    /** What a caller is told when no key of the set fits the token; never which key or why in detail. */
    static final String UNVERIFIABLE = "the token could not be verified (signature, algorithm, key or claims)";
    /** jose4j's least spacing between two fetches caused by unknown kids. */
    static final long DEFAULT_REFETCH_SPACING_MS = 300;

    private final String url;
    private final HttpsJwks jwks;
    private final HttpsJwksVerificationKeyResolver resolver;
    private final long refetchSpacing;

    /**
     * @param url the JWKS URL (empty when none is configured: every token is then refused)
     * @param get how the keys are fetched ({@link JwksFetch}, or a fixed answer for the warm-up)
     * @param refetchSpacingMs least time between two fetches caused by unknown kids
     */
    SigningKeys(String url, SimpleGet get, long refetchSpacingMs) {
        this.url = url;
        this.jwks = new HttpsJwks(url);
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(Duration.ofHours(1).toSeconds()); // when the JWKS answer sets no cache headers
        this.refetchSpacing = Math.max(DEFAULT_REFETCH_SPACING_MS, refetchSpacingMs);
        jwks.setRefreshReprieveThreshold(refetchSpacing);
        this.resolver = new HttpsJwksVerificationKeyResolver(jwks);
    }

    /** Fetches the keys now (the startup prefetch), within {@link JwksFetch#BACKGROUND}. */
    void fetch() throws JoseException, IOException {
        jwks.getJsonWebKeys();
    }

    /**
     * The public key that should have signed {@code token} (a compact JWS), fetching the
     * keys within {@code deadline} when they are not cached or the token's kid is unknown.
     * Whether the signature verifies is SmallRye JWT's to say.
     *
     * @throws Unauthenticated when the token is not a JWS or no key of the set fits it
     * @throws UpstreamException when the keys could not be fetched (also the deadline's and
     *         cancellation's exceptions)
     */
    PublicKey keyFor(String token, Deadline deadline) {
        JsonWebSignature header = new JsonWebSignature();
        try {
            header.setCompactSerialization(token); // the header's kid and alg; nothing is verified here
        } catch (JoseException | RuntimeException notAJws) {
            throw Unauthenticated.invalidToken(UNVERIFIABLE);
        }
        return JwksFetch.within(deadline, () -> {
            try {
                try {
                    return publicKey(resolver.resolveKey(header, List.of()));
                } catch (UnresolvableKeyException e) {
                    if (!unknownKey(e) || refetchSpacing > DEFAULT_REFETCH_SPACING_MS) {
                        throw e;
                    }
                    // No key for its kid, and the keys may have been refetched just now (for another
                    // unknown kid), so this token's could not be: wait out the spacing once and look
                    // again. A flood of unknown kids still refetches at most once per spacing.
                    deadline.sleep(Duration.ofMillis(refetchSpacing), "waiting to refetch the signing keys");
                    return publicKey(resolver.resolveKey(header, List.of()));
                }
            } catch (UnresolvableKeyException e) {
                if (e.getCause() instanceof IOException) {
                    throw new UpstreamException("the signing keys (JWKS) at " + url + " could not be fetched");
                }
                throw Unauthenticated.invalidToken(UNVERIFIABLE); // never jose4j's text: it quotes the header
            }
        });
    }

    private static PublicKey publicKey(Key key) throws UnresolvableKeyException {
        if (key instanceof PublicKey publicKey) {
            return publicKey;
        }
        throw new UnresolvableKeyException("not a public key"); // a symmetric JWK: never a caller's key
    }

    /**
     * No key of the set fits, with keys that were fetched (a failed fetch is not an
     * unknown key: then there is no point waiting). A fetch failure reaches here as
     * jose4j's wrapped IOException or JoseException; ours (UpstreamException, deadline,
     * cancellation) are runtime exceptions that pass through the resolver.
     */
    private static boolean unknownKey(UnresolvableKeyException failure) {
        return failure.getCause() == null;
    }
}
