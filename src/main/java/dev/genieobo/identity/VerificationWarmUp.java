package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies a built-in token once at startup, the way a caller's token is verified
 * (the key chosen from a key set by kid, SmallRye JWT's parser, RS256, the claims read),
 * so that the first caller does not pay for loading and first running that code (cold
 * start). Nothing is fetched: the key set is a fixed answer.
 *
 * <p>The token is signed by a throwaway RSA key whose private half was discarded when it
 * was made. Only this class's own key set holds its public half ({@link #KEY_N}); callers'
 * tokens are never checked against it.
 */
final class VerificationWarmUp {

    private static final Logger LOG = Logger.getLogger(VerificationWarmUp.class);
    private static final String ISSUER = "genie-obo-warm-up";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6Indhcm0tdXAifQ.eyJpc3MiOiJnZW5pZS1vYm8td2FybS11cCIsInN1YiI6Indhcm0tdXAiLCJleHAiOjQxMDI0NDQ4MDAsInNjb3BlIjoiZ2VuaWUifQ.MNekbLZ-cEJLhZAg4khLjjDzXLTupqXcXppOcqhUpBl1R0_5ZUO_saSNmJ1cxX3NxiHVROJKXZQPuoQDr2TlltboU09SgpJ0eR12OO_nhRlSfjCS62lePB4U9OecxDpgx-AICTvaZeEyNkfRAgGYkGh0UjkzvoKj7lACTFqIsXRvA3e74HJkbAWAXn-5g_VFeXpm9tQUnYNA3MAm5LJrhYr6VHPMKWsc5DDl7HdI9Hfc0c4u1e_VO1hyDoP1rYhrHP9mKtcuoFX2_rJ89TetNjBh_T71QaM51Dsz9-GylZ8lpsp--Dtztg3DK2hwykwR3xJ9_jPz3ENdL7MJwS-EWw";
    private static final String KEY_N = "7CogXxL2kDnHznhOLAy573cdkbuy-rM51DMLFJ6Fey08D4iaOxp2lyw4MtHSK2UWnjFBLgL67FM5rxelmOBKk5aztNGCPzcsZWY5x5l7ETrSd5UT5js1HMBTGCw7C6TK2X14h9AJ37DHwhboIe1fZCWCy9BF9KQ_l-pVdQGX_h_oQ1su4abIGOfQwbc0a_s8wWCh-zGyHCGqJ_Fg7V6DtnGXuaAXxcFUL0cHeKKBuv727ILIs8SsUESnPyQOD-NpwDhlA0XxD9mAf80tB_XoOxPBey-0bUZf2eMUFKxaYAhHE4RuLJa-rlovWpfyGyQFK88DbfdWLm70qFJAVJAGfQ";
    private static final String KEY_SET = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"warm-up\",\"use\":\"sig\",\"n\":\""
            + KEY_N + "\",\"e\":\"AQAB\"}]}";

    private VerificationWarmUp() {
    }

    /** @return whether the token verified (it should: {@code CallerVerifierWarmUpTest}) */
    static boolean run() {
        try {
            SigningKeys keys = new SigningKeys("warm-up", location -> new org.jose4j.http.Response(200, "OK",
                    Map.of("content-type", List.of("application/json")), KEY_SET), 0);
            PublicKey key = keys.keyFor(TOKEN, Deadline.detached(Duration.ofSeconds(5)));
            JsonWebToken jwt = new TokenRules(ISSUER, Optional.empty(), Duration.ZERO).verify(TOKEN, key);
            return "warm-up".equals(jwt.getSubject()) && jwt.getExpirationTime() > 0
                    && CallerVerifier.scopes(jwt.getClaim("scope")).contains("genie");
        } catch (RuntimeException e) {
            LOG.debugf("the verification warm-up failed (%s)", e.getClass().getSimpleName());
            return false;
        }
    }
}
