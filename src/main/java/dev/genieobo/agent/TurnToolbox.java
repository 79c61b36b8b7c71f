package dev.genieobo.agent;

import dev.genieobo.genie.GenieConnector;
import dev.genieobo.genie.GenieToolbox;
import dev.genieobo.identity.UserCredential;
import dev.genieobo.runtime.Workers;
import dev.genieobo.upstream.Deadline;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The turn's Genie toolbox over its life: opened (the caller's sessions with each
 * space) beside the first LLM call; after tool results the next LLM call is usually
 * the last, so it is closed beside that call (the sessions' {@code DELETE} is off the
 * critical path); if that call asks for tools after all, it is opened again.
 * {@link #close()} waits for any opening or closing, so no credential outlives the turn.
 */
final class TurnToolbox implements AutoCloseable {

    private final GenieConnector genie;
    private final Workers workers;
    private final UserCredential credential;
    private final List<String> spaceIds;
    private final Deadline deadline;
    private final TurnTelemetry telemetry;
    private Future<GenieToolbox> opening;
    private GenieToolbox open;
    private Future<Void> closing;

    TurnToolbox(GenieConnector genie, Workers workers, UserCredential credential, List<String> spaceIds,
            Deadline deadline, TurnTelemetry telemetry) {
        this.genie = genie;
        this.workers = workers;
        this.credential = credential;
        this.spaceIds = spaceIds;
        this.deadline = deadline;
        this.telemetry = telemetry;
    }

    /** Starts opening the sessions while the caller goes on (with an LLM call). */
    void start() {
        long started = System.nanoTime();
        opening = workers.submit(() -> {
            try {
                return genie.open(credential, spaceIds, deadline);
            } finally {
                telemetry.genieWaited(System.nanoTime() - started);
            }
        });
    }

    /** The open toolbox: waits for the opening, or opens again if it was closed. */
    GenieToolbox await() {
        if (open == null) {
            if (opening == null) {
                awaitClosed();
                start();
            }
            Future<GenieToolbox> pending = opening;
            opening = null;
            open = Tasks.result(pending, "opening Genie spaces");
        }
        return open;
    }

    /** Starts closing the sessions while the caller goes on (with an LLM call). */
    void closeInBackground() {
        if (open != null) {
            GenieToolbox closingBox = open;
            open = null;
            closing = workers.submit(() -> {
                closingBox.close();
                return null;
            });
        }
    }

    private void awaitClosed() {
        if (closing != null) {
            try {
                closing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // closing is best effort; the sessions forgot the credential either way
            }
            closing = null;
        }
    }

    @Override
    public void close() {
        if (opening != null) { // the turn failed while they opened: wait, then close what opened
            Future<GenieToolbox> pending = opening;
            opening = null;
            try {
                open = pending.get();
            } catch (ExecutionException failedToOpen) {
                // GenieConnector closed whatever it had opened
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                try {
                    open = pending.get(); // the opening ends by itself within the deadline
                } catch (InterruptedException | ExecutionException ignored) {
                    // nothing opened, or the thread is being torn down
                }
            }
        }
        if (open != null) {
            open.close();
            open = null;
        }
        awaitClosed();
    }
}
