package dev.genieobo.upstream;

/**
 * An upstream (Genie, the LLM endpoint, the token endpoint) could not be
 * reached or answered in a way we cannot use. Maps to 502. Messages name the
 * upstream and what went wrong, never a header or a token.
 */
public class UpstreamException extends RuntimeException {

    private final int status;
    private final boolean connectionLost;

    private UpstreamException(String message, int status, boolean connectionLost) {
        super(message, null, false, false);
        this.status = status;
        this.connectionLost = connectionLost;
    }

    public UpstreamException(String message, int status) {
        this(message, status, false);
    }

    public UpstreamException(String message) {
        this(message, 0, false);
    }

    /** The connection could not be made or was lost before an answer: worth a retry. */
    public static UpstreamException unreachable(String message) {
        return new UpstreamException(message, 0, true);
    }

    /** Whether the upstream was not reached or the connection dropped (a retry may succeed). */
    public boolean connectionLost() {
        return connectionLost;
    }

    /** The upstream's HTTP status, or 0 when there was no HTTP answer. */
    public int status() {
        return status;
    }
}
