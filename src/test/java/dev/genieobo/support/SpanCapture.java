package dev.genieobo.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Every span of a @QuarkusTest application. With quarkus.otel.traces.exporter=cdi (the
 * default) Quarkus exports to all SpanExporter beans, and a SpanExporter bean switches
 * the OTLP exporter off.
 */
public class SpanCapture {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
