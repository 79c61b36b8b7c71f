package dev.genieobo.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A complete upstream answer. */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers == null ? null : headers.get(name);
    }
}
