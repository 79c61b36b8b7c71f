package dev.genieobo.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

/** Tokens an attacker could make without the workspace's private key. */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String claims(String issuer) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"alice\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 3600)
                + ",\"jti\":\"forged-" + now + "\",\"scope\":\"genie\"}";
    }

    /** An unsigned token: {@code alg: none}. */
    public static String algNone(String issuer) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims(issuer)) + ".";
    }

    /**
     * HS256, keyed with the workspace's RSA public key (its X.509 encoding, as a
     * confused verifier would use it): the classic algorithm-confusion attack.
     */
    public static String hs256WithPublicKey(String workspace, String issuer) throws Exception {
        String jwks = given().baseUri(workspace).get("/oidc/v1/keys").then().statusCode(200).extract().asString();
        JsonWebKey key = new JsonWebKeySet(jwks).getJsonWebKeys().get(0);
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyId() + "\"}") + "."
                + b64(claims(issuer));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getKey().getEncoded(), "HmacSHA256"));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
