package dev.genieobo.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Non-reversible caller ids for logs and telemetry: an HMAC-SHA256 of the
 * caller's subject under a key. With {@code genie-obo.telemetry.caller-id-key}
 * set (a secret shared by all instances) the same caller has the same id
 * everywhere; without it each process draws a random key, so ids only correlate
 * within one instance. Neither the subject nor the token can be read back.
 */
@ApplicationScoped
public class CallerIds {

    private final byte[] key;

    public CallerIds(@ConfigProperty(name = "genie-obo.telemetry.caller-id-key") Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            key = configured.get().getBytes(StandardCharsets.UTF_8);
        } else {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
    }

    public String of(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
            return "c-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "CallerIds[key redacted]";
    }
}
