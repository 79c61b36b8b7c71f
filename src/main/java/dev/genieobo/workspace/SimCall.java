package dev.genieobo.workspace;

/**
 * One call the simulated workspace received, with the identity that made it.
 * The token is kept only as a SHA-256 fingerprint.
 *
 * @param kind {@code genie}, {@code llm}, {@code oidc} or {@code sim}
 * @param principalType {@code user}, {@code service_principal}, {@code none} (no token) or {@code invalid}
 */
public record SimCall(long seq, String kind, String method, String path, String spaceId, String rpcMethod,
        String principal, String principalType, String tokenSha256, int status) {
}
