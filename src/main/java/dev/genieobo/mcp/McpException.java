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

    /** A non-2xx HTTP status; {@code errorCode} is the Databricks error code when the body had one. */
    public static final class Http extends McpException {
        private final int status;
        private final String errorCode;
        private final java.time.Duration retryAfter;

        public Http(int status, String errorCode, String message) {
            this(status, errorCode, message, null);
        }

        public Http(int status, String errorCode, String message, java.time.Duration retryAfter) {
            super(message);
            this.status = status;
            this.errorCode = errorCode;
            this.retryAfter = retryAfter;
        }

        /** The delay the server asked for in {@code Retry-After}, or null. */
        public java.time.Duration retryAfter() {
            return retryAfter;
        }

        public int status() {
            return status;
        }

        public String errorCode() {
            return errorCode;
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

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
