package dev.genieobo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.identity.Unauthenticated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What reaches a response header from a message is made safe there. */
@Timeout(10)
class ErrorMappingTest {

    @Test
    void aMessageInWwwAuthenticateIsPrintableAsciiWithoutQuotesOrLineBreaks() {
        String hostile = "refused (\"invalid_grant\"\r\nSet-Cookie: x=1) \\ é " + "y".repeat(400);
        String challenge = ErrorMapping.map(Unauthenticated.invalidToken(hostile)).wwwAuthenticate();
        String description = challenge.substring(challenge.indexOf("error_description=\"") + 19, challenge.length() - 1);
        assertTrue(description.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), description);
        assertTrue(description.indexOf('"') < 0 && description.indexOf('\\') < 0, description);
        assertTrue(description.length() <= 200, "at most 200 characters: " + description.length());
        assertTrue(challenge.endsWith("\""), challenge);
        assertEquals("refused ('invalid_grant'  Set-Cookie: x=1) / ", description.substring(0, 45));
    }
}
