package dev.genieobo.workspace;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * The simulated workspace's OAuth tokens: RS256 JWTs with {@code iss, sub, exp,
 * iat, jti, scope}, like workspace OAuth access tokens, signed by a key served at
 * {@code /oidc/v1/keys}. The workspace reads the caller's identity from the
 * token itself, so it never stores a token.
 */
final class SimTokens {

    private final RsaJsonWebKey key;
    private final JwtConsumer consumer;

    SimTokens() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate the simulated workspace's signing key", e);
        }
        key.setKeyId("sim-key-1");
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        consumer = new JwtConsumerBuilder()
                .setVerificationKey(key.getPublicKey())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setSkipDefaultAudienceValidation()
                .build();
    }

    String mint(String issuer, String subject, String scope, long ttlSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(0);
        claims.setExpirationTimeMinutesInTheFuture(ttlSeconds / 60f);
        claims.setGeneratedJwtId();
        claims.setStringClaim("scope", scope);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a simulated token", e);
        }
    }

    /** The subject of a valid token, or null. */
    String subject(String token) {
        try {
            return consumer.processToClaims(token).getSubject();
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
            return null;
        }
    }

    String jwks() {
        return new JsonWebKeySet(List.of(key)).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** SHA-256 of a token, hex: what the call record keeps instead of the token. */
    static String fingerprint(String token) {
        if (token == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
