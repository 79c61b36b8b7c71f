package dev.genieobo.mcpserver;

import dev.genieobo.upstream.Deadline;
import io.quarkiverse.mcp.server.Cancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a tool call's turn when the MCP client cancels it
 * ({@code notifications/cancelled}), as if it had hung up. The MCP server records a
 * cancellation for the request and offers no callback, so a virtual thread looks at
 * it every {@link #EVERY_MS} ms until the call ends.
 */
final class CancellationWatch implements AutoCloseable {

    static final long EVERY_MS = 100;

    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private CancellationWatch() {
    }

    static CancellationWatch start(Cancellation cancellation, Deadline deadline) {
        CancellationWatch watch = new CancellationWatch();
        Thread.ofVirtual().name("mcp-cancellation-watch").start(() -> {
            while (!deadline.expired()) {
                try {
                    watch.ended.get(EVERY_MS, TimeUnit.MILLISECONDS);
                    return; // the call ended
                } catch (TimeoutException lookAgain) {
                    if (cancellation.check().isRequested()) {
                        deadline.cancel();
                        return;
                    }
                } catch (Exception stopped) {
                    return;
                }
            }
        });
        return watch;
    }

    @Override
    public void close() {
        ended.complete(null);
    }
}
