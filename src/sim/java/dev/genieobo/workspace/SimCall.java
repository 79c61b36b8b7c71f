package dev.genieobo.workspace;

/**
 * One call the simulated workspace received, with the identity that made it.
 * The token is kept only as a SHA-256 fingerprint.
 *
 * @param kind {@code genie}, {@code llm}, {@code oidc} or {@code sim}
 * @param principalType {@code user}, {@code service_principal}, {@code none} (no token) or {@code invalid}
 * @param status the HTTP status answered, or 499 when the caller hung up before the answer
 * @param arrivedMicros when the request arrived, in microseconds since the workspace started
 * @param answeredMicros when it was answered (after the simulated latency), same clock
 * @param tool the tool of a Genie {@code tools/call}, else null
 * @param genieStatus the Genie status a {@code tools/call} answered ({@code RESOURCE_EXHAUSTED} when the
 *        question was refused for load), else null
 * @param traceId the trace id of the request's W3C {@code traceparent} header, or null without one
 */
public record SimCall(long seq, String kind, String method, String path, String spaceId, String rpcMethod,
        String principal, String principalType, String tokenSha256, int status, long arrivedMicros,
        long answeredMicros, String tool, String genieStatus, String traceId) {
}
