package dev.genieobo.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * One token issuer of the simulation (the workspace's OAuth server, or the
 * organisation's identity provider): RS256 JWTs with {@code iss, sub, exp, iat,
 * nbf, jti} (and {@code scope} / {@code aud} where asked), signed by the newest of
 * at most two keys, both served as JWKS so that a rotation does not invalidate
 * tokens already issued. Identities are read from the tokens themselves, so
 * no token is ever stored.
 */
final class SimTokens {

    /** How a test wants a token to be wrong (or not). */
    record Spec(String subject, String scope, String audience, long ttlSeconds, long notBeforeSeconds,
            String issuer, boolean unknownKey) {
    }

    /** Shipped keys per issuer: its first key, the stranger's, and four rotations; then keys are generated. */
    private static final int SHIPPED_PER_ISSUER = 6;
    private static final List<String> SHIPPED = shippedKeys();

    private final String prefix;
    private final int firstShipped;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile List<RsaJsonWebKey> keys;
    private final RsaJsonWebKey stranger;

    /** @param prefix {@code ws} or {@code idp}: each issuer has keys of its own */
    SimTokens(String prefix) {
        this.prefix = prefix;
        this.firstShipped = "idp".equals(prefix) ? SHIPPED_PER_ISSUER : 0;
        this.keys = List.of(newKey());
        this.stranger = newKey();
    }

    private static List<String> shippedKeys() {
        try (java.io.InputStream in = SimTokens.class.getResourceAsStream("sim-keys.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /**
     * The next key: one of the keys shipped with the simulator (sim-keys.txt) while this
     * issuer has any left, so that starting a workspace costs no key generation, then a
     * generated one.
     */
    private RsaJsonWebKey newKey() {
        try {
            int n = generation.get();
            RsaJsonWebKey key = n < SHIPPED_PER_ISSUER && firstShipped + n < SHIPPED.size()
                    ? shipped(SHIPPED.get(firstShipped + n)) : RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(prefix + "-key-" + generation.incrementAndGet());
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate a simulated signing key", e);
        }
    }

    private static RsaJsonWebKey shipped(String pkcs8) throws JoseException {
        try {
            java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
            java.security.interfaces.RSAPrivateCrtKey secret = (java.security.interfaces.RSAPrivateCrtKey) rsa
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pkcs8)));
            java.security.interfaces.RSAPublicKey open = (java.security.interfaces.RSAPublicKey) rsa.generatePublic(
                    new java.security.spec.RSAPublicKeySpec(secret.getModulus(), secret.getPublicExponent()));
            RsaJsonWebKey key = new RsaJsonWebKey(open);
            key.setPrivateKey(secret);
            return key;
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new JoseException("a shipped simulator key is unreadable", e);
        }
    }

    /** A new signing key; the previous one stays in the JWKS, older ones are dropped. */
    synchronized String rotate() {
        List<RsaJsonWebKey> next = new ArrayList<>(keys);
        next.add(newKey());
        while (next.size() > 2) {
            next.remove(0);
        }
        keys = List.copyOf(next);
        verified.clear(); // a token of a dropped key must fail again
        return next.get(next.size() - 1).getKeyId();
    }

    String mint(Spec spec) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(spec.issuer());
        if (spec.subject() != null) { // null only for tests of tokens without a subject
            claims.setSubject(spec.subject());
        }
        claims.setIssuedAtToNow();
        NumericDate now = NumericDate.now();
        NumericDate notBefore = NumericDate.fromSeconds(now.getValue() + spec.notBeforeSeconds());
        claims.setNotBefore(notBefore);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + spec.ttlSeconds()));
        claims.setGeneratedJwtId();
        if (spec.scope() != null) {
            claims.setStringClaim("scope", spec.scope());
        }
        if (spec.audience() != null) {
            claims.setAudience(spec.audience());
        }
        RsaJsonWebKey key = spec.unknownKey() ? stranger : keys.get(keys.size() - 1);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId() + (spec.unknownKey() ? "-unknown" : ""));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a simulated token", e);
        }
    }

    /** A token already verified: its subject and its expiry. */
    private record Verified(String subject, long expiresAtMillis) {
    }

    /** What the workspace makes of a token: its subject if valid, else null, and whether it had only expired. */
    record Verdict(String subject, boolean expired) {
    }

    /**
     * Tokens this workspace already verified, so that a turn's six calls do not pay
     * six RSA verifications: the simulator shares the benchmark's cores with the
     * function it measures. Keyed by the token's SHA-256, never the token (dev and sim
     * builds share a heap with the function). Rotation clears all.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** The subject of a token this issuer signed with a current key, still valid and from {@code issuer}; else null. */
    String subject(String token, String issuer) {
        return verify(token, issuer, 0).subject();
    }

    /**
     * Verifies a token as the workspace does on every request: signature by a current
     * key, issuer, {@code nbf} with 30 s of skew, and {@code exp} strictly (a guess: no
     * public source gives Databricks' tolerance), on a clock {@code clockAheadMs} ahead of
     * this machine's.
     */
    Verdict verify(String token, String issuer, long clockAheadMs) {
        long now = System.currentTimeMillis() + clockAheadMs;
        String key = issuer + " " + fingerprint(token);
        Verified known = verified.get(key);
        if (known != null) {
            return now < known.expiresAtMillis() ? new Verdict(known.subject(), false) : new Verdict(null, true);
        }
        try {
            JwtClaims claims = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(List.copyOf(keys)))
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setExpectedIssuer(issuer)
                    .setEvaluationTime(NumericDate.fromMilliseconds(now))
                    .setAllowedClockSkewInSeconds(30)
                    .setSkipDefaultAudienceValidation()
                    .build()
                    .processToClaims(token);
            long expires = claims.getExpirationTime().getValueInMillis();
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(key, new Verified(claims.getSubject(), expires));
            return now < expires ? new Verdict(claims.getSubject(), false) : new Verdict(null, true);
        } catch (InvalidJwtException e) {
            return new Verdict(null, e.hasExpired());
        } catch (org.jose4j.jwt.MalformedClaimException e) {
            return new Verdict(null, false);
        }
    }

    String jwks() {
        return new JsonWebKeySet(List.copyOf(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** SHA-256 of a token, hex: what the call record keeps instead of the token. */
    static String fingerprint(String token) {
        if (token == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
