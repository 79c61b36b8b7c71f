package dev.genieobo.api;

import dev.genieobo.genie.NoUsableSpaceException;
import dev.genieobo.identity.InsufficientScope;
import dev.genieobo.identity.Unauthenticated;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.RateLimitedException;
import dev.genieobo.upstream.TurnCancelledException;
import dev.genieobo.upstream.UpstreamException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a status and a JSON {@link ApiError} a user can act
 * on. No stack trace and no secret reaches a response; unexpected errors are
 * logged by class and message only.
 */
public class ErrorMapping {

    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);

    /**
     * The status, body and extra headers of a failure; shared by the JSON and the
     * streaming paths. {@code retryAfterSeconds} (null unless refused for load) is the
     * {@code Retry-After} header.
     */
    public record Mapped(int status, ApiError error, String wwwAuthenticate, Long retryAfterSeconds) {
        Mapped(int status, ApiError error, String wwwAuthenticate) {
            this(status, error, wwwAuthenticate, null);
        }

        /** The headers this answer carries besides its content type ({@code WWW-Authenticate}, {@code Retry-After}). */
        public java.util.Map<String, String> headers() {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            if (wwwAuthenticate != null) {
                headers.put("WWW-Authenticate", wwwAuthenticate);
            }
            if (retryAfterSeconds != null) {
                headers.put("Retry-After", Long.toString(retryAfterSeconds));
            }
            return headers;
        }
    }

    public static Mapped map(Throwable failure) {
        if (failure instanceof Unauthenticated u) {
            return unauthenticated(u.error(), u.getMessage());
        }
        if (failure instanceof DeadlineExceededException d && d.tokenExpired()) {
            return unauthenticated("invalid_token", d.getMessage() + "; refresh the token and ask again");
        }
        if (failure instanceof RateLimitedException r) {
            long seconds = r.retryAfterSeconds();
            return new Mapped(429, new ApiError("RESOURCE_EXHAUSTED", r.getMessage(), seconds), null, seconds);
        }
        if (failure instanceof TurnCancelledException c) {
            return new Mapped(499, new ApiError("CANCELLED", c.getMessage()), null); // nobody is left to read it
        }
        if (failure instanceof InsufficientScope i) {
            return new Mapped(403, new ApiError("INSUFFICIENT_SCOPE", i.getMessage()),
                    "Bearer realm=\"genie-obo\", error=\"insufficient_scope\", scope=\"" + i.scope() + "\"");
        }
        if (failure instanceof BadRequestException b) {
            return new Mapped(400, new ApiError("INVALID_PARAMETER_VALUE", b.getMessage()), null);
        }
        if (failure instanceof NoUsableSpaceException n) {
            return new Mapped(403, new ApiError("PERMISSION_DENIED", n.getMessage()), null);
        }
        if (failure instanceof DeadlineExceededException d) {
            return new Mapped(504, new ApiError("DEADLINE_EXCEEDED", "no answer in time: " + d.getMessage()), null);
        }
        if (failure instanceof UpstreamException u) {
            return new Mapped(502, new ApiError("UPSTREAM_UNAVAILABLE", u.getMessage()), null);
        }
        StackTraceElement[] where = failure.getStackTrace();
        // class and place only: a third-party message could quote a request header
        LOG.errorf("unexpected failure: %s at %s", failure.getClass().getName(), where.length > 0 ? where[0] : "?");
        return new Mapped(500, new ApiError("INTERNAL_ERROR", "the function failed unexpectedly"), null);
    }

    private static Mapped unauthenticated(String error, String message) {
        return new Mapped(401, new ApiError("UNAUTHENTICATED", message),
                "Bearer realm=\"genie-obo\", error=\"" + error + "\", error_description=\"" + quotable(message) + "\"");
    }

    /**
     * Text that may stand inside a quoted header parameter (RFC 9110 quoted-string, as
     * RFC 6750 {@code error_description} wants it): printable ASCII only, no quote or
     * backslash, at most 200 characters. A message may carry words of an upstream (a
     * token endpoint's error), so nothing of it reaches a header unchecked.
     */
    static String quotable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c == '"' ? '\'' : c == '\\' ? '/' : c < 0x20 || c > 0x7e ? ' ' : c);
        }
        return out.toString();
    }

    @ServerExceptionMapper({ Unauthenticated.class, InsufficientScope.class, BadRequestException.class, NoUsableSpaceException.class,
            DeadlineExceededException.class, UpstreamException.class, RateLimitedException.class })
    public Response known(RuntimeException failure) {
        return response(map(failure));
    }

    /** Anything else: JAX-RS' own answers (404, 405, 415...) pass through; the rest is a plain 500. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException failure) {
        if (failure instanceof WebApplicationException web) {
            return web.getResponse();
        }
        return response(map(failure));
    }

    public static Response response(Mapped mapped) {
        Response.ResponseBuilder builder = Response.status(mapped.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(mapped.error());
        mapped.headers().forEach(builder::header);
        return builder.build();
    }
}
