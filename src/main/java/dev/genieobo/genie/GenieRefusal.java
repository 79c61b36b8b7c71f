package dev.genieobo.genie;

import dev.genieobo.identity.Unauthenticated;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.ToolResult;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.RateLimitedException;
import dev.genieobo.upstream.RetryPolicy;
import dev.genieobo.upstream.UpstreamException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Genie says no, read from its answers. Two kinds matter to a turn:
 *
 * <ul>
 * <li><b>Refused for load</b> ({@link RateLimit}): Genie's questions-per-minute limit.
 * Evidence (docs/workspace.md, "Rate limits"; third-party reports): HTTP 429,
 * with {@code Retry-After}, and HTTP 400 with {@code error_code} {@code RESOURCE_EXHAUSTED};
 * Databricks' REST APIs also use {@code REQUEST_LIMIT_EXCEEDED}. Guessed, by analogy with
 * the documented {@code BAD_REQUEST: ...} JSON-RPC errors of the managed MCP server: a
 * JSON-RPC error, or a tool result with {@code isError}, whose text carries
 * {@code RESOURCE_EXHAUSTED} or {@code REQUEST_LIMIT_EXCEEDED}. A delay is read from
 * {@code Retry-After}, or from a "retry after N seconds" in the text.</li>
 * <li><b>Ends the turn</b> ({@link #endsTurn}): 401 (the caller's token expired or was
 * revoked: the caller must refresh it), 403 (the caller may not use the space), 5xx
 * (Genie failed). None of these is something the model could fix by asking again.</li>
 * </ul>
 *
 * Everything else (a JSON-RPC error such as {@code BAD_REQUEST}, another 4xx, a tool
 * error) is the model's to reason about, as a tool error.
 */
final class GenieRefusal {

    /** Genie refused for load; {@code retryAfter} is null when it did not say how long to wait. */
    record RateLimit(String form, Duration retryAfter) {
    }

    private static final List<String> LOAD_CODES = List.of("RESOURCE_EXHAUSTED", "REQUEST_LIMIT_EXCEEDED");
    private static final Pattern RETRY_HINT = Pattern.compile(
            "retry[ _-]?after[^0-9]{0,20}([0-9]{1,5})(?:\\.[0-9]+)?\\s*(ms|milliseconds?|s|sec|seconds?)?",
            Pattern.CASE_INSENSITIVE);

    private GenieRefusal() {
    }

    /** The rate limit an MCP failure stands for, or null. */
    static RateLimit rateLimit(McpException failure) {
        if (failure instanceof McpException.Http http) {
            DatabricksError error = DatabricksError.of(http);
            if (http.status() == 429) {
                return new RateLimit("HTTP 429", http.retryAfter() != null ? http.retryAfter() : hint(error.message()));
            }
            if (http.status() / 100 == 4 && error.code() != null && LOAD_CODES.contains(error.code())) {
                return new RateLimit("HTTP " + http.status() + " " + error.code(),
                        http.retryAfter() != null ? http.retryAfter() : hint(error.message()));
            }
            return null;
        }
        if (failure instanceof McpException.Rpc rpc && mentionsLoad(rpc.getMessage())) {
            return new RateLimit("JSON-RPC error " + rpc.code(), hint(rpc.getMessage()));
        }
        return null;
    }

    /** The rate limit a tool result with {@code isError} stands for, or null. */
    static RateLimit rateLimit(ToolResult result) {
        if (result.isError() && mentionsLoad(result.firstText())) {
            return new RateLimit("tool error", hint(result.firstText()));
        }
        return null;
    }

    /** Never ask again sooner than this, whatever Genie said. */
    private static final Duration MIN_PAUSE = Duration.ofMillis(200);

    /**
     * How a request refused for load is sent again: after {@code Retry-After} (at least
     * 200 ms), else {@code backoff} doubled per attempt (at most 5 times), with jitter;
     * waiting at most three quarters of what is left of the deadline
     * ({@link #longestWait}).
     */
    static RetryPolicy retryPolicy(Duration backoff) {
        return RetryPolicy.doubling(backoff, 5).askedAtLeast(MIN_PAUSE).waitingAtMost(3, 4);
    }

    /**
     * The longest a question may wait to be sent (for Genie's {@code Retry-After} or our
     * own limiter): three quarters of what is left of the deadline, so that a quarter is
     * left for Genie to answer. A question that would wait longer is answered 429 at once:
     * waiting would only end in a 504 after the caller had waited for nothing, and a 429
     * with {@code Retry-After} tells the caller when to come back.
     */
    static Duration longestWait(Deadline deadline) {
        return retryPolicy(Duration.ZERO).longestWait(deadline);
    }

    /**
     * Waits before asking again after a refusal for load, as {@code policy} says
     * ({@link #retryPolicy}). When the deadline cannot afford that wait, the turn ends:
     * {@link RateLimitedException}, which the caller receives as 429 with {@code Retry-After}.
     */
    static void waitToRetry(RateLimit limit, int attempt, RetryPolicy policy, Deadline deadline, String what) {
        Duration pause = policy.pause(attempt, limit.retryAfter());
        if (!policy.affords(pause, deadline)) {
            throw new RateLimitedException(what + " was refused for load (" + limit.form()
                    + ": too many questions to this workspace) and waiting " + Math.max(1, pause.toSeconds())
                    + " s would leave too little of the request's deadline for the answer; ask again later", pause);
        }
        deadline.sleep(pause, "waiting to send " + what + " again");
    }

    /** The turn's failure for an HTTP refusal that no retry or model can fix, or null for any other. */
    static RuntimeException endsTurn(String spaceId, McpException.Http http) {
        if (http.status() == 401) {
            return Unauthenticated.invalidToken(GenieConnector.label(spaceId) + " refused your token (HTTP 401): it has "
                    + "expired or was revoked; refresh it and ask again");
        }
        if (http.status() == 403) {
            return new NoUsableSpaceException(List.of(spaceId), GenieConnector.label(spaceId)
                    + " refused you (HTTP 403): " + serverWords(http));
        }
        if (http.status() >= 500) {
            return new UpstreamException(DatabricksError.of(http).message(), http.status());
        }
        return null;
    }

    private static boolean mentionsLoad(String text) {
        if (text == null) {
            return false;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        return LOAD_CODES.stream().anyMatch(upper::contains);
    }

    /** A "retry after N seconds" (or ms) in a message, or null. */
    static Duration hint(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = RETRY_HINT.matcher(text);
        if (!m.find()) {
            return null;
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        return unit.startsWith("m") ? Duration.ofMillis(value) : Duration.ofSeconds(value);
    }

    /** The server's own words of an HTTP refusal, without the label we prefixed. */
    private static String serverWords(McpException.Http http) {
        String message = DatabricksError.of(http).message();
        int colon = message.indexOf(": ");
        return colon < 0 ? "access denied" : message.substring(colon + 2);
    }
}
