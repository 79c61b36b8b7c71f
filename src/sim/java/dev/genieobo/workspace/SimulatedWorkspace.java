package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a Databricks workspace, for dev mode, tests and benchmarks:
 * the managed Genie MCP endpoint of space {@value #SALES_SPACE} ("Sales"), a
 * scripted OpenAI-compatible LLM, OAuth (client credentials, discovery, JWKS),
 * {@code /.well-known/databricks-config}, and sim-only routes to mint a demo
 * user's token ({@code POST /sim/users/{user}/token}), read the record of calls
 * ({@code GET/DELETE /sim/calls}) and set knobs ({@code /sim/knobs}).
 *
 * <p>It mounts on any Vert.x {@link Router}: the function's own (dev, test and
 * {@code sim} builds) or one of its own in another process ({@link #listen}).
 * Handlers never block; latency knobs use timers.
 */
public final class SimulatedWorkspace {

    public static final String SALES_SPACE = "01f0c0ffee5a1e5000000000000000a1";
    public static final String SP_CLIENT_ID = "genie-obo-sim-sp";
    public static final String SP_CLIENT_SECRET = "sim-secret-not-for-production";

    final ObjectMapper mapper;
    final Vertx vertx;
    final SimTokens tokens = new SimTokens("ws");
    /** The organisation's identity provider, trusted by the token-exchange endpoint (issuer {@code {base}/idp}). */
    final SimTokens idp = new SimTokens("idp");
    final SimKnobs knobs;
    /** What the workspace answered, for {@code /sim/calls}, {@code /sim/stats} and {@code /sim/llm/streams}. */
    final SimRecord record = new SimRecord();
    /** GETs of the workspace's signing keys ({@code keyFetches} of {@code /sim/stats}). */
    private final java.util.concurrent.atomic.AtomicLong keyFetches = new java.util.concurrent.atomic.AtomicLong();
    private final SimGenie genie;
    private final SimGenieOne genieOne;
    private final SimGenieLimit limit;
    private final SimLlm llm;
    private final SimOAuth oauth;

    private final String publicBase;

    /**
     * @param publicBase the URL callers know the workspace by (issuer and discovery URLs derive from it);
     *        null derives it from each request's Host
     */
    public SimulatedWorkspace(Vertx vertx, ObjectMapper mapper, String publicBase) {
        this(vertx, mapper, publicBase, 0);
    }

    /** @param genieAnswerMs the default of the {@code genieAnswerMs} knob (what a knob reset restores) */
    public SimulatedWorkspace(Vertx vertx, ObjectMapper mapper, String publicBase, long genieAnswerMs) {
        this.knobs = new SimKnobs(genieAnswerMs);
        this.vertx = vertx;
        this.publicBase = publicBase == null ? null : publicBase.replaceAll("/+$", "");
        this.mapper = mapper;
        SimRpc rpc = new SimRpc(mapper, knobs);
        SimGenieMessages messages = new SimGenieMessages(this);
        this.limit = new SimGenieLimit(this, rpc); // one question limit for the whole workspace, as Databricks has it
        this.genie = new SimGenie(this, rpc, messages, limit);
        this.genieOne = new SimGenieOne(this, rpc, messages, limit);
        this.llm = new SimLlm(this);
        this.oauth = new SimOAuth(this);
    }

    /** Starts the workspace alone on its own HTTP server (port 0 picks a free port). */
    public Future<HttpServer> listen(String host, int port) {
        Router router = Router.router(vertx);
        mount(router);
        return vertx.createHttpServer().requestHandler(router).listen(port, host);
    }

    /** Adds the workspace's routes to a router. */
    public void mount(Router router) {
        BodyHandler body = BodyHandler.create().setBodyLimit(2 * 1024 * 1024);
        router.post("/api/2.0/mcp/genie").handler(body).handler(genieOne::post);
        router.delete("/api/2.0/mcp/genie").handler(genieOne::delete);
        router.get("/api/2.0/mcp/genie").handler(genieOne::get);
        router.post("/api/2.0/mcp/genie/:space").handler(body).handler(genie::post);
        router.delete("/api/2.0/mcp/genie/:space").handler(genie::delete);
        router.get("/api/2.0/mcp/genie/:space").handler(genie::get);
        router.post("/serving-endpoints/chat/completions").handler(body).handler(llm::complete);
        router.post("/oidc/v1/token").handler(body).handler(oauth::token);
        router.get("/oidc/v1/keys").handler(rc -> {
            keyFetches.incrementAndGet(); // not a call with a credential: counted, not recorded
            json(rc, 200, tokens.jwks());
        });
        router.get("/idp/keys").handler(rc -> json(rc, 200, idp.jwks()));
        router.post("/sim/keys/rotate").handler(rc -> json(rc, 200,
                mapper.createObjectNode().put("kid", tokens.rotate()).toString()));
        router.post("/sim/idp/users/:user/token").handler(oauth::idpToken);
        router.get("/oidc/.well-known/oauth-authorization-server").handler(oauth::discovery);
        router.get("/oidc/.well-known/openid-configuration").handler(oauth::discovery);
        router.get("/.well-known/databricks-config").handler(rc -> json(rc, 200, mapper.createObjectNode()
                .put("oidc_endpoint", base(rc) + "/oidc").put("workspace_id", "1234567890123456")
                .put("cloud", "aws").toString()));
        router.post("/sim/users/:user/token").handler(oauth::userToken);
        router.get("/sim/calls").handler(rc -> json(rc, 200, write(record.calls())));
        router.delete("/sim/calls").handler(rc -> {
            record.clear();
            genie.resetStats();
            rc.response().setStatusCode(204).end();
        });
        router.get("/sim/stats").handler(rc -> json(rc, 200, mapper.createObjectNode()
                .put("maxConcurrentGenieToolCalls", genie.maxConcurrentToolCalls())
                .put("openGenieSessions", genie.openSessions() + genieOne.openSessions())
                .put("pendingCalls", record.pending())
                .put("keyFetches", keyFetches.get())
                .put("nowMicros", record.nowMicros()).toString()));
        router.get("/sim/genie/messages").handler(rc -> json(rc, 200, write(genie.messageTimes())));
        router.get("/sim/llm/streams").handler(rc -> json(rc, 200, write(record.streams())));
        router.get("/sim/knobs").handler(rc -> json(rc, 200, write(knobs.view(mapper))));
        router.post("/sim/knobs").handler(body).handler(this::setKnobs);
        router.delete("/sim/knobs").handler(rc -> {
            knobs.reset();
            genie.resetLimit();
            rc.response().setStatusCode(204).end();
        });
    }

    // ---- identity -------------------------------------------------------------------------

    /** Who is calling: from the bearer token, verified against the workspace's key. */
    record Caller(String principal, String type, String fingerprint) {
        boolean user() {
            return "user".equals(type);
        }

        boolean servicePrincipal() {
            return "service_principal".equals(type);
        }
    }

    Caller caller(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Caller(null, "none", null);
        }
        String token = header.substring(7).trim();
        String fingerprint = SimTokens.fingerprint(token);
        SimTokens.Verdict verdict = tokens.verify(token, base(rc) + "/oidc", knobs.clockAheadMs);
        String subject = verdict.subject();
        if (subject == null) {
            return new Caller(null, verdict.expired() ? "expired" : "invalid", fingerprint);
        }
        return new Caller(subject, SP_CLIENT_ID.equals(subject) ? "service_principal" : "user", fingerprint);
    }

    // ---- knobs and helpers -----------------------------------------------------------------

    private void setKnobs(RoutingContext rc) {
        JsonNode in;
        try {
            in = mapper.readTree(rc.body().asString());
        } catch (Exception e) {
            json(rc, 400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"knobs must be a JSON object\"}");
            return;
        }
        knobs.apply(in);
        json(rc, 200, write(knobs.view(mapper)));
    }

    /**
     * Runs {@code action} on the caller's event-loop context after {@code delayMs},
     * without blocking it. Not a Vert.x timer: on the NIO transport those wake up
     * on whole milliseconds. Measured with hey against the LLM endpoint alone with a
     * 20 ms knob: 21.1 ms at p50 with the timer, 20.9-21.0 ms with this parked
     * platform thread (about 20.3 ms between arrival and answer inside the simulator).
     */
    void later(long delayMs, Runnable action) {
        if (delayMs <= 0) {
            action.run();
        } else {
            Context context = vertx.getOrCreateContext();
            LATENCY.schedule(() -> context.runOnContext(ignored -> action.run()), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One daemon thread for every simulated workspace's latency, in tests and in the sim build alike. */
    private static final ScheduledExecutorService LATENCY = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sim-latency");
        thread.setDaemon(true);
        return thread;
    });

    String base(RoutingContext rc) {
        if (publicBase != null) {
            return publicBase;
        }
        URI uri = URI.create(rc.request().absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    static void json(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Microseconds since the epoch, by the wall clock (for times compared with another process's). */
    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /**
     * Writes {@code head} and then 'x' without end, 64 KiB at a time and only as fast as
     * the client reads, until it hangs up or {@code max} bytes are out.
     */
    static void endless(HttpServerResponse response, String head, long max) {
        Buffer chunk = Buffer.buffer("x".repeat(64 * 1024));
        response.write(head);
        long[] written = { head.length() };
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (!response.closed() && !response.writeQueueFull() && written[0] < max) {
                response.write(chunk);
                written[0] += chunk.length();
            }
            if (response.closed()) {
                return;
            }
            if (written[0] >= max) {
                response.end();
            } else {
                response.drainHandler(ignored -> pump[0].run());
            }
        };
        pump[0].run();
    }

    /** A copy of the call record (for in-process use). */
    public List<SimCall> calls() {
        return record.calls();
    }

}
