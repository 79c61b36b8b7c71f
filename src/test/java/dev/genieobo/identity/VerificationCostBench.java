package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.http.SimpleGet;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * The CPU one caller's token costs to verify, without JMH: the verification before
 * SmallRye JWT did it (one jose4j consumer over the JWKS cache, as {@code CallerVerifier}
 * was until then) and now ({@link SigningKeys} choosing the key, {@link TokenRules}
 * verifying with SmallRye JWT's parser), each with the claims the verifier reads (subject,
 * expiry, scopes), alternating rounds in one JVM. Not a test (no suffix surefire runs):
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -XX:TieredStopAtLevel=1 -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.genieobo.identity.VerificationCostBench [rounds] [tokens per round]
 * </pre>
 *
 * Prints, per way, the median (min-max) over the rounds of the thread CPU time per token in µs.
 */
public final class VerificationCostBench {

    private static final String ISSUER = "https://adb-1.example.net/oidc";

    private VerificationCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        RsaJsonWebKey signer = RsaJwkGenerator.generateJwk(2048);
        signer.setKeyId("ws-key-2");
        RsaJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
        other.setKeyId("ws-key-1");
        String keySet = new JsonWebKeySet(other, signer).toJson(); // public halves, as a workspace serves them
        SimpleGet get = location -> new org.jose4j.http.Response(200, "OK",
                Map.of("content-type", List.of("application/json")), keySet);
        String token = token(signer);

        JwtConsumer before = before(get);
        SigningKeys keys = new SigningKeys("https://adb-1.example.net/oidc/v1/keys", get, 0);
        TokenRules rules = new TokenRules(ISSUER, Optional.empty(), Duration.ofSeconds(30));
        Deadline deadline = Deadline.detached(Duration.ofHours(1));

        Map<String, Runnable> ways = new java.util.LinkedHashMap<>();
        ways.put("before (jose4j consumer)", () -> readBefore(before, token));
        ways.put("now (SmallRye JWT parser)", () -> readNow(rules, keys.keyFor(token, deadline), token));
        ways.put("now, key lookup only", () -> keys.keyFor(token, deadline));
        Map<String, List<Double>> cost = new java.util.LinkedHashMap<>();
        ways.keySet().forEach(way -> cost.put(way, new ArrayList<>()));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = -5; round < rounds; round++) { // 5 rounds to warm up, not counted
            for (Map.Entry<String, Runnable> way : ways.entrySet()) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    way.getValue().run();
                }
                double micros = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / perRound;
                if (round >= 0) {
                    cost.get(way.getKey()).add(micros);
                }
            }
        }
        System.out.printf("%s, %s, %d rounds of %d tokens, CPU per token (µs), median (min-max)%n",
                System.getProperty("java.vm.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                rounds, perRound);
        cost.forEach((way, list) -> {
            Collections.sort(list);
            System.out.printf("  %-28s %7.1f (%.1f-%.1f)%n", way, list.get(list.size() / 2), list.get(0),
                    list.get(list.size() - 1));
        });
    }

    /** A workspace-like token: what Databricks puts in one, signed RS256 by {@code key}. */
    private static String token(RsaJsonWebKey key) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("alice@example.com");
        claims.setAudience("7a1b2c3d-aaaa-bbbb-cccc-1234567890ab");
        claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 3600));
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(1);
        claims.setGeneratedJwtId();
        claims.setClaim("scope", "genie offline_access");
        claims.setClaim("client_id", "7a1b2c3d-aaaa-bbbb-cccc-1234567890ab");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    /** The consumer {@code CallerVerifier} built before SmallRye JWT verified tokens (databricks mode). */
    private static JwtConsumer before(SimpleGet get) {
        HttpsJwks jwks = new HttpsJwks("https://adb-1.example.net/oidc/v1/keys");
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(Duration.ofHours(1).toSeconds());
        jwks.setRefreshReprieveThreshold(300);
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(ISSUER)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setSkipDefaultAudienceValidation()
                .build();
    }

    private static Object sink;

    private static void readBefore(JwtConsumer consumer, String token) {
        try {
            JwtClaims jwt = consumer.processToClaims(token);
            Object scope = jwt.getClaimValue("scope");
            String text = scope instanceof java.util.Collection<?> list
                    ? String.join(" ", list.stream().map(String::valueOf).toList()) : String.valueOf(scope);
            Set<String> scopes = Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty())
                    .collect(Collectors.toSet());
            sink = List.of(jwt.getSubject(), jwt.getExpirationTime().getValueInMillis(), scopes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readNow(TokenRules rules, java.security.PublicKey key, String token) {
        JsonWebToken jwt = rules.verify(token, key);
        sink = List.of(jwt.getClaim("sub"), jwt.getExpirationTime(), CallerVerifier.scopes(jwt.getClaim("scope")));
    }
}
