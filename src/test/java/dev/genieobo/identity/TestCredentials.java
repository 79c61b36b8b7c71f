package dev.genieobo.identity;

/** Credentials for unit tests of code below the identity room (MCP, Genie). */
public final class TestCredentials {

    private TestCredentials() {
    }

    public static UserCredential bearer(String token) {
        return UserCredential.of(token, "c-test", null);
    }
}
