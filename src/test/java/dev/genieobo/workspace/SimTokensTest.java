package dev.genieobo.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator's issuers sign with the keys shipped in sim-keys.txt (no key generation
 * when a workspace starts): two workspaces' issuers have the same first key, the
 * workspace's and the IdP's differ, and a rotation still brings a new key.
 */
@Timeout(30)
class SimTokensTest {

    private static JsonNode keys(SimTokens tokens) throws Exception {
        return new ObjectMapper().readTree(tokens.jwks()).path("keys");
    }

    @Test
    void issuersStartWithTheShippedKeys() throws Exception {
        String first = keys(new SimTokens("ws")).path(0).path("n").asText();
        assertEquals(first, keys(new SimTokens("ws")).path(0).path("n").asText(), "the shipped key, not a generated one");
        assertNotEquals(first, keys(new SimTokens("idp")).path(0).path("n").asText(), "each issuer has keys of its own");
        SimTokens rotated = new SimTokens("ws");
        rotated.rotate();
        JsonNode both = keys(rotated);
        assertEquals(2, both.size());
        assertNotEquals(both.path(0).path("n").asText(), both.path(1).path("n").asText());
    }
}
