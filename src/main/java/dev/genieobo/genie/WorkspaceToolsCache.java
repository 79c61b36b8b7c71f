package dev.genieobo.genie;

import dev.genieobo.mcp.McpSession;
import dev.genieobo.upstream.Deadline;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The workspace Genie's tools as the first session of this process listed them
 * ({@code tools/list}), checked ({@link WorkspaceGenieTools}): listed once per process
 * (the first sessions wait for the one that lists), the problems logged once. A
 * listing that fails is tried again by the next session. Nothing of a caller is kept:
 * the tool names and schemas are the same for everyone.
 */
final class WorkspaceToolsCache {

    private static final Logger LOG = Logger.getLogger(WorkspaceToolsCache.class);

    /** Null until a listing succeeded. */
    private volatile WorkspaceGenieTools tools;
    private final ReentrantLock listing = new ReentrantLock();

    /** The checked tools, listed with {@code session} if this process has not listed them yet. */
    WorkspaceGenieTools get(McpSession session, Deadline deadline) {
        WorkspaceGenieTools known = tools;
        if (known != null) {
            return known;
        }
        listing.lock(); // a lock, not synchronized: the waiting threads are virtual
        try {
            if (tools == null) {
                WorkspaceGenieTools listed = WorkspaceGenieTools.check(session.listTools(deadline));
                if (listed.fatal()) {
                    LOG.warnf("Every turn will fail: %s. This function asks Genie with genie_ask(query, "
                            + "conversation_id) and polls with genie_poll_response(conversation_id, response_id).",
                            listed.describe());
                } else if (!listed.problems().isEmpty()) {
                    LOG.warnf("Turns will be answered, but: %s", listed.describe());
                }
                tools = listed;
            }
            return tools;
        } finally {
            listing.unlock();
        }
    }
}
