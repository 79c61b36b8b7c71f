package dev.genieobo.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.regex.Pattern;

/** Fails when a text (a log, exported spans) holds any part of a token, or any JWT at all. */
public final class SecretScan {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}");

    private SecretScan() {
    }

    /** Neither the claims nor the signature of any of {@code tokens}, and no JWT of anyone else. */
    public static void assertNoToken(String text, List<String> tokens) {
        for (String token : tokens) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            String payload = token.split("\\.")[1];
            assertFalse(text.contains(signature.isEmpty() ? payload : signature), "a token's signature is in the text");
            assertFalse(text.contains(payload), "a token's claims are in the text");
        }
        assertFalse(JWT.matcher(text).find(), "a JWT (an exchanged token? the service principal's?) is in the text");
    }
}
