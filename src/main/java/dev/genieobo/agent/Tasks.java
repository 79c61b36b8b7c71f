package dev.genieobo.agent;

import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.UpstreamException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a turn's own background task (the first LLM call, the opening of its sessions). */
final class Tasks {

    private Tasks() {
    }

    /** The task's value; its failure is rethrown as it was. */
    static <T> T result(Future<T> task, String what) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UpstreamException(what + " failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException(what);
        }
    }
}
