package dev.genieobo.agent;

import io.opentelemetry.context.Scope;

/**
 * A turn whose Genie sessions are open: run it once, then close it. Closing abandons
 * a first LLM call that was never read, closes the sessions (and so forgets the
 * caller's credential) and writes the turn's log line, on every path.
 */
public final class OpenTurn implements AutoCloseable {

    private final TurnLoop loop;
    private final TurnToolbox toolbox;
    private final FirstCall first;
    private final TurnTelemetry telemetry;
    private TurnResult result;
    private RuntimeException failure;

    OpenTurn(TurnLoop loop, TurnToolbox toolbox, FirstCall first, TurnTelemetry telemetry) {
        this.loop = loop;
        this.toolbox = toolbox;
        this.first = first;
        this.telemetry = telemetry;
    }

    /** Runs the turn, telling {@code listener} of it as it happens. */
    public TurnResult run(TurnListener listener) {
        try (Scope ignored = telemetry.makeCurrent()) {
            if (first.relay() != null) {
                first.relay().attach(listener);
            }
            result = loop.run(listener);
            return result;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void close() {
        try (Scope ignored = telemetry.makeCurrent()) {
            first.reply().cancel(true); // only if the turn ended without reading it
            toolbox.close();
        } finally {
            telemetry.finish(result, result == null && failure == null ? new IllegalStateException("not run") : failure);
        }
    }
}
