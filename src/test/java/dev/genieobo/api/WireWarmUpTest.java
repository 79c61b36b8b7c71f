package dev.genieobo.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The start's wire warm-up reads its sample requests and writes its sample answers
 * without an error: a sample the parsers refused would make the warm-up a no-op that
 * only logs at DEBUG, and the first caller would pay again.
 */
@QuarkusTest
@Timeout(120)
class WireWarmUpTest {

    @Inject
    WireWarmUp warmUp;

    @Test
    void everySampleIsReadAndWritten() {
        assertTrue(warmUp.run());
    }
}
