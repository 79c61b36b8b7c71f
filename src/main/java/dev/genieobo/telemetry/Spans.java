package dev.genieobo.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * How every span of ours runs its work and records a failure: the exception's
 * class, never its message (it may quote a request).
 */
public final class Spans {

    private Spans() {
    }

    public static void failed(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        span.setAttribute("error.type", failure.getClass().getSimpleName());
    }

    /** Runs {@code work} with {@code span} current, records its failure, and ends the span. */
    public static <T> T within(Span span, Supplier<T> work) {
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }
}
