package dev.genieobo.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Reads one upstream response as it arrives. {@link #chunk} may say the answer
 * is complete before the body ends (an SSE stream that stays open after the
 * JSON-RPC response, for example); the rest of the stream is then discarded.
 * Calls come from the event loop, one at a time.
 */
public interface BodyReader<T> {

    void head(int status, MultiMap headers);

    /** @return true when the answer is complete */
    boolean chunk(Buffer chunk);

    /** The answer, called once, at the end of the body or after {@link #chunk} returned true. */
    T finish();

    /** Collects the whole body. */
    static BodyReader<UpstreamResponse> whole() {
        return new BodyReader<>() {
            private int status;
            private MultiMap headers;
            private final Buffer body = Buffer.buffer();

            @Override
            public void head(int status, MultiMap headers) {
                this.status = status;
                this.headers = headers;
            }

            @Override
            public boolean chunk(Buffer chunk) {
                body.appendBuffer(chunk);
                return false;
            }

            @Override
            public UpstreamResponse finish() {
                return new UpstreamResponse(status, headers, body);
            }
        };
    }
}
