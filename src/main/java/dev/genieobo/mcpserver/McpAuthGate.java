package dev.genieobo.mcpserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genieobo.api.ApiError;
import dev.genieobo.agent.AgentLoop;
import dev.genieobo.api.ErrorMapping;
import dev.genieobo.api.HangUp;
import dev.genieobo.identity.CallerTokens;
import dev.genieobo.identity.VerifiedCaller;
import dev.genieobo.runtime.Workers;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every request to {@code /mcp} passes the same caller verification as
 * {@code /invocations} before the MCP server sees it. A missing or bad token gets
 * {@code 401} with {@code WWW-Authenticate: Bearer resource_metadata="..."}
 * (MCP authorization, RFC 9728), a token without the policy's scope {@code 403} with
 * {@code error="insufficient_scope"}, the scope and the metadata (step-up, MCP
 * 2025-11-25). Which tokens are accepted at all is {@link McpAccess}'s choice; while
 * {@code /mcp} is off every request gets {@code 404}.
 * The token is verified once per request, here: the gate leaves the result with the
 * request ({@link #VERIFIED}, closed when the response ends) and a tool call makes its
 * credential of that (in exchange mode: exchanges it) instead of verifying again. Nothing
 * of it is kept beyond the request.
 */
@ApplicationScoped
public class McpAuthGate {

    /** Where the gate leaves the request's {@link HangUp} watch for the tool call (routing context data). */
    static final String HANG_UP = McpAuthGate.class.getName() + ".hangUp";
    /** Where the gate leaves the request's {@link VerifiedCaller} for the tool call (routing context data). */
    static final String VERIFIED = McpAuthGate.class.getName() + ".verifiedCaller";

    private final CallerTokens tokens;
    private final ProtectedResource resource;
    private final ObjectMapper mapper;
    private final Workers workers;
    private final AgentLoop agent;
    private final McpAccess access;

    public McpAuthGate(CallerTokens tokens, ProtectedResource resource, ObjectMapper mapper, Workers workers,
            AgentLoop agent, McpAccess access) {
        this.agent = agent;
        this.access = access;
        this.workers = workers;
        this.tokens = tokens;
        this.resource = resource;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        Handler<RoutingContext> gate = this::gate;
        // the MCP extension's routes carry no explicit order (1..4): a negative order runs first
        router.route("/mcp").order(-100).handler(gate);
        router.route("/mcp/*").order(-100).handler(gate);
    }

    private void gate(RoutingContext rc) {
        if (rc.get(McpAuthGate.class.getName()) != null) {
            rc.next(); // both patterns matched "/mcp": decided once already
            return;
        }
        rc.put(McpAuthGate.class.getName(), Boolean.TRUE);
        if (access.state() == McpAccess.State.OFF) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(json(new ApiError("NOT_FOUND", access.offMessage())));
            return;
        }
        rc.put(HANG_UP, HangUp.watch(rc));
        String authorization = rc.request().getHeader("Authorization");
        String forwarded = rc.request().getHeader("X-Forwarded-Access-Token");
        rc.request().pause();
        // Verification may fetch keys (JWKS) or wait out their refetch spacing: never on the
        // event loop, and on a virtual thread rather than a worker, so that tokens with unknown
        // kids cannot tie up the worker pool. The answer is written back on the request's context.
        io.vertx.core.Context context = rc.vertx().getOrCreateContext();
        workers.submit(() -> {
            Throwable failure = null;
            VerifiedCaller caller = null;
            try {
                caller = tokens.check(authorization, forwarded, agent.deadline());
            } catch (RuntimeException | Error e) { // every outcome answers the request
                failure = e;
            }
            Throwable outcome = failure;
            VerifiedCaller verified = caller;
            context.runOnContext(ignored -> decided(rc, verified, outcome));
            return null;
        });
    }

    private void decided(RoutingContext rc, VerifiedCaller caller, Throwable failure) {
        if (failure == null) {
            rc.put(VERIFIED, caller);
            if (rc.response().ended() || rc.response().closed()) {
                caller.close(); // the client left while its token was verified: no end to wait for
            } else {
                rc.addEndHandler(ended -> caller.close()); // the token goes with the request
            }
            rc.next();
            rc.request().resume();
            return;
        }
        ErrorMapping.Mapped mapped = ErrorMapping.map(failure);
        String challenge = mapped.wwwAuthenticate();
        if (challenge != null && (mapped.status() == 401 || mapped.status() == 403)) {
            // 401: where to get a token; 403 insufficient_scope: the scope to ask for more (step-up)
            challenge = "Bearer resource_metadata=\"" + resource.metadataUrl(rc.request()) + "\", "
                    + challenge.substring("Bearer ".length());
        }
        var response = rc.response().setStatusCode(mapped.status()).putHeader("Content-Type", "application/json");
        if (challenge != null) {
            response.putHeader("WWW-Authenticate", challenge);
        }
        response.end(json(mapped.error()));
    }

    private String json(ApiError error) {
        try {
            return mapper.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            return "{\"error_code\":\"" + error.errorCode() + "\"}";
        }
    }
}
