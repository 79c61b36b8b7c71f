package dev.genieobo.runtime;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one executor for work a turn runs in parallel (opening several Genie
 * spaces, several tool calls of one LLM reply). Virtual threads: cheap to start,
 * and they block on upstream I/O without holding a platform thread. Shared by
 * all requests; nothing of a caller is kept here once a task ends.
 */
@ApplicationScoped
public class Workers {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public <T> Future<T> submit(Callable<T> task) {
        // The OpenTelemetry context lives in a ThreadLocal (or the Vert.x duplicated context);
        // a new virtual thread sees neither, so the task carries the caller's context.
        return executor.submit(io.opentelemetry.context.Context.current().wrap(task));
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
