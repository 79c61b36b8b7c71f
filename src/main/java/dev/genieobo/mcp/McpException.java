package dev.genieobo.mcp;

/**
 * An MCP exchange failed. The subclasses say how: the HTTP layer refused
 * ({@link Http}), the server answered with a JSON-RPC error ({@link Rpc}), or
 * the reply made no sense ({@link Protocol}). Messages carry the server's own
 * words (shortened), never request headers.
 */
public abstract sealed class McpException extends RuntimeException
        permits McpException.Http, McpException.Rpc, McpException.Protocol {

    McpException(String message) {
        super(message, null, false, false);
    }

    /**
     * A non-2xx HTTP status, with the server's body as it came (for whoever knows the
     * server's error format to read) and its {@code Retry-After}. The message names the
     * server and the status, and carries the body shortened.
     */
    public static final class Http extends McpException {
        private final String server;
        private final int status;
        private final String body;
        private final java.time.Duration retryAfter;

        /**
         * @param server names the server, as the client was told to ({@code label})
         * @param body the response's body, or null when it had none
         * @param retryAfter the delay asked for in {@code Retry-After}, or null
         */
        public Http(String server, int status, String body, java.time.Duration retryAfter) {
            super(server + " answered HTTP " + status + (body == null || body.isBlank() ? "" : ": " + shorten(body)));
            this.server = server;
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
        }

        /** The server as the client names it in messages. */
        public String server() {
            return server;
        }

        /** The response's body as the server sent it (bounded by the upstream client's cap), or null. */
        public String body() {
            return body;
        }

        /** The delay the server asked for in {@code Retry-After}, or null. */
        public java.time.Duration retryAfter() {
            return retryAfter;
        }

        public int status() {
            return status;
        }

        /** 401 or 403: the caller may not use this server. */
        public boolean denied() {
            return status == 401 || status == 403;
        }
    }

    /** A JSON-RPC error object in the reply. */
    public static final class Rpc extends McpException {
        private final int code;

        public Rpc(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** A reply we cannot use: wrong content type, bad JSON, missing response, unsupported version. */
    public static final class Protocol extends McpException {
        public Protocol(String message) {
            super(message);
        }
    }

    /** {@code s} on one line, at most 300 characters: how a server's words go into a message. */
    public static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
