package dev.genieobo.upstream;

/**
 * An upstream (Genie, the LLM endpoint, the token endpoint) could not be
 * reached or answered in a way we cannot use. Maps to 502. Messages name the
 * upstream and what went wrong, never a header or a token.
 */
public class UpstreamException extends RuntimeException {

    private final int status;

    public UpstreamException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    public UpstreamException(String message) {
        this(message, 0);
    }

    /** The upstream's HTTP status, or 0 when there was no HTTP answer. */
    public int status() {
        return status;
    }
}
