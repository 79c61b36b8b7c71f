package dev.genieobo.upstream;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/** How every span of ours records a failure: the exception's class, never its message (it may quote a request). */
public final class Spans {

    private Spans() {
    }

    public static void failed(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        span.setAttribute("error.type", failure.getClass().getSimpleName());
    }
}
