package dev.genieobo.identity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The startup warm-up of caller verification really verifies its token (else it warms nothing). */
class CallerVerifierWarmUpTest {

    @Test
    void theWarmUpTokenVerifiesAgainstItsOwnKey() {
        assertTrue(CallerVerifier.warmUp(), "the built-in warm-up token no longer verifies");
    }
}
