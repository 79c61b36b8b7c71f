package dev.genieobo.genie;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genieobo.mcp.McpException;
import dev.genieobo.mcp.ToolResult;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;

/**
 * One {@code tools/call} to a Genie ({@link GenieSession}) and how its answer is sorted:
 * a Genie answer; a {@link ToolError} the model can reason about (a JSON-RPC error, a
 * tool result with {@code isError}, another 4xx, an answer in no form Genie uses); a
 * {@link Refused} for load ({@link GenieRefusal#rateLimit}), which the question or poll
 * sends again; or the end of the turn ({@link GenieRefusal#endsTurn}: 401, 403, 5xx; a
 * reply that is no MCP).
 */
final class GenieCalls {

    private final GenieResultParser parser;

    GenieCalls(GenieResultParser parser) {
        this.parser = parser;
    }

    /**
     * One {@code tools/call}: a Genie answer, or a {@link ToolError} for the model, a
     * {@link Refused} for load, or the turn's end (401, 403, 5xx, a broken reply).
     */
    GenieResult invoke(GenieSession genie, String tool, ObjectNode arguments, Deadline deadline) {
        ToolResult raw = call(genie, tool, arguments, deadline);
        try {
            return parser.parse(raw.firstText());
        } catch (GenieFormatException e) {
            throw new ToolError(e.getMessage());
        }
    }

    /**
     * One {@code tools/call}, sorted like {@link #invoke} but not parsed: the raw result
     * of a tool that answered without an error.
     */
    ToolResult call(GenieSession genie, String tool, ObjectNode arguments, Deadline deadline) {
        ToolResult raw;
        try {
            raw = genie.session().callTool(tool, arguments, deadline);
        } catch (McpException.Protocol e) {
            throw new UpstreamException(e.getMessage());
        } catch (McpException e) {
            GenieRefusal.RateLimit limit = GenieRefusal.rateLimit(e);
            if (limit != null) {
                throw new Refused(limit);
            }
            if (e instanceof McpException.Http http) {
                RuntimeException ends = GenieRefusal.endsTurn(genie.key(), http);
                if (ends != null) {
                    throw ends;
                }
            }
            throw new ToolError(DatabricksError.describe(e), e instanceof McpException.Rpc);
        }
        if (raw.isError()) {
            GenieRefusal.RateLimit limit = GenieRefusal.rateLimit(raw);
            if (limit != null) {
                throw new Refused(limit);
            }
            throw new ToolError("Genie reported an error: " + raw.firstText());
        }
        return raw;
    }

    /** A query's statement result as the result tool gave it ({@code raw}), filled into {@code query}. */
    GenieQuery statement(ToolResult raw, GenieQuery query) {
        try {
            return parser.parseStatement(raw.firstText(), query);
        } catch (GenieFormatException e) {
            throw new ToolError(e.getMessage());
        }
    }

    /** Genie refused a request for load: the question is asked again, or the turn answers 429. */
    static final class Refused extends RuntimeException {
        final GenieRefusal.RateLimit limit;

        Refused(GenieRefusal.RateLimit limit) {
            super(limit.form(), null, false, false);
            this.limit = limit;
        }
    }

    /** A failure the LLM should hear about as a tool error. */
    static final class ToolError extends RuntimeException {
        /** The server answered with a JSON-RPC error. */
        final boolean rpc;

        ToolError(String message) {
            this(message, false);
        }

        ToolError(String message, boolean rpc) {
            super(message, null, false, false);
            this.rpc = rpc;
        }
    }
}
