package dev.genieobo.identity;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * What a caller's token must satisfy, checked by SmallRye JWT's parser
 * ({@link JWTParser#verify(String, PublicKey)}): the signature with the key
 * {@link SigningKeys} chose, RS256 or ES256 only, the issuer, the audience (exchange mode
 * only: a workspace token names the workspace, not this function), expiry and not-before
 * with the configured clock skew, a subject. No maximum lifetime, no maximum age and no
 * required {@code iat} (SmallRye's {@code maxTimeToLiveSecs} at 0, {@code tokenAge} unset), as
 * before SmallRye verified tokens here: a caller's token is refused for having too little
 * life left ({@link CallerVerifier}), never too much. Keys that
 * are too weak for their algorithm (RSA under 2048 bits) are refused: SmallRye relaxes
 * that check by default, jose4j's own default does not.
 *
 * <p>The parser is SmallRye JWT's {@link DefaultJWTParser} over a context of ours, not the
 * extension's {@code JWTParser} bean: that bean's context is read from {@code mp.jwt.*}
 * properties, and the issuer, audience and mode here come from {@code genie-obo.auth.*}.
 * The principal factory is given, so no service loader looks one up.
 *
 * <p>A refusal says what was wrong (from jose4j's error codes under SmallRye's
 * {@link ParseException}), never what the token was: the exceptions' own texts quote it.
 */
final class TokenRules {

    private final JWTParser parser;
    private final String issuer;

    /**
     * @param issuer the expected {@code iss}
     * @param audience the expected {@code aud} (exchange mode), or none (not checked)
     * @param clockSkew the tolerance for {@code exp} and {@code nbf}
     */
    TokenRules(String issuer, Optional<String> audience, Duration clockSkew) {
        this.issuer = issuer;
        JWTAuthContextInfo rules = new JWTAuthContextInfo();
        rules.setIssuedBy(issuer);
        audience.ifPresent(aud -> rules.setExpectedAudience(Set.of(aud)));
        rules.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
        rules.setClockSkew((int) clockSkew.toSeconds());
        // callers are told apart by their subject: a subject-less token would share one caller id
        rules.setRequiredClaims(Set.of(Claims.sub.name()));
        rules.setRelaxVerificationKeyValidation(false);
        // no maximum lifetime: SmallRye's documented "non-positive relaxes it", which also leaves
        // iat optional (by default SmallRye requires iat and checks exp - iat against no limit)
        rules.setMaxTimeToLiveSecs(0L);
        this.parser = new DefaultJWTParser(rules, new DefaultJWTCallerPrincipalFactory());
    }

    /**
     * The verified token: its claims, and SmallRye's copy of the raw token, which must not
     * outlive the request (it is never kept: the verifier reads the claims and drops it).
     *
     * @throws Unauthenticated saying what was wrong
     */
    JsonWebToken verify(String token, PublicKey key) {
        try {
            return parser.verify(token, key);
        } catch (ParseException refused) {
            throw Unauthenticated.invalidToken(reason(refused));
        }
    }

    /** What was wrong, from jose4j's error codes; never the exception's text (it quotes the token). */
    String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "the token has expired";
                }
                if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                    return "the token is not valid yet";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "the token was not issued by " + issuer;
                }
                if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return "the token was not issued for this function (audience)";
                }
                if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                    return "the token has no expiry";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return "the token's signature does not verify";
                }
                if (withoutSubject(invalid.getJwtContext())) {
                    return "the token has no subject"; // SmallRye's required-claims check: no error code of its own
                }
            }
        }
        return SigningKeys.UNVERIFIABLE;
    }

    private static boolean withoutSubject(JwtContext context) {
        return context != null && context.getJwtClaims() != null
                && !context.getJwtClaims().hasClaim(Claims.sub.name());
    }
}
