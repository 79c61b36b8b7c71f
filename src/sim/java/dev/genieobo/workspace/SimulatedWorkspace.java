package dev.genieobo.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

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
    private static final int MAX_RECORD = 200_000;
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    final ObjectMapper mapper;
    final Vertx vertx;
    final SimTokens tokens = new SimTokens("ws");
    /** The organisation's identity provider, trusted by the token-exchange endpoint (issuer {@code {base}/idp}). */
    final SimTokens idp = new SimTokens("idp");
    final SimKnobs knobs;
    private final SimGenie genie;
    private final SimLlm llm;
    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentLinkedDeque<SimCall> calls = new ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger recorded = new java.util.concurrent.atomic.AtomicInteger();
    private static final String ARRIVED = "sim.arrived";
    private static final long EPOCH = System.nanoTime();

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
        this.genie = new SimGenie(this);
        this.llm = new SimLlm(this);
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
        router.post("/api/2.0/mcp/genie/:space").handler(body).handler(genie::post);
        router.delete("/api/2.0/mcp/genie/:space").handler(genie::delete);
        router.get("/api/2.0/mcp/genie/:space").handler(genie::get);
        router.post("/serving-endpoints/chat/completions").handler(body).handler(llm::complete);
        router.post("/oidc/v1/token").handler(body).handler(this::token);
        router.get("/oidc/v1/keys").handler(rc -> json(rc, 200, tokens.jwks()));
        router.get("/idp/keys").handler(rc -> json(rc, 200, idp.jwks()));
        router.post("/sim/keys/rotate").handler(rc -> json(rc, 200,
                mapper.createObjectNode().put("kid", tokens.rotate()).toString()));
        router.post("/sim/idp/users/:user/token").handler(this::idpToken);
        router.get("/oidc/.well-known/oauth-authorization-server").handler(this::discovery);
        router.get("/oidc/.well-known/openid-configuration").handler(this::discovery);
        router.get("/.well-known/databricks-config").handler(rc -> json(rc, 200, mapper.createObjectNode()
                .put("oidc_endpoint", base(rc) + "/oidc").put("workspace_id", "1234567890123456")
                .put("cloud", "aws").toString()));
        router.post("/sim/users/:user/token").handler(this::userToken);
        router.get("/sim/calls").handler(rc -> json(rc, 200, write(List.copyOf(calls))));
        router.delete("/sim/calls").handler(rc -> {
            calls.clear();
            streams.clear();
            recorded.set(0);
            genie.resetStats();
            rc.response().setStatusCode(204).end();
        });
        router.get("/sim/stats").handler(rc -> json(rc, 200, mapper.createObjectNode()
                .put("maxConcurrentGenieToolCalls", genie.maxConcurrentToolCalls())
                .put("openGenieSessions", genie.openSessions())
                .put("pendingCalls", pending.get())
                .put("nowMicros", (System.nanoTime() - EPOCH) / 1000).toString()));
        router.get("/sim/genie/messages").handler(rc -> json(rc, 200, write(genie.messageTimes())));
        router.get("/sim/llm/streams").handler(rc -> json(rc, 200, write(List.copyOf(streams))));
        router.get("/sim/knobs").handler(rc -> json(rc, 200, write(knobsView())));
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

    /** Notes when a request arrived (before any simulated latency), for the record's timings. */
    void arrived(RoutingContext rc) {
        rc.put(ARRIVED, System.nanoTime());
        pending.incrementAndGet();
    }

    /** Genie and LLM requests that arrived and are not answered yet (their latency still runs). */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Records a call as it is answered. A caller that hung up before the answer
     * (its request was abandoned) is recorded with status 499 instead.
     */
    void record(String kind, RoutingContext rc, Caller caller, String spaceId, String rpcMethod, int status) {
        record(kind, rc, caller, spaceId, rpcMethod, status, null, null);
    }

    /** Records a Genie {@code tools/call} with its tool and the Genie status it answered. */
    void record(String kind, RoutingContext rc, Caller caller, String spaceId, String rpcMethod, int status,
            String tool, String genieStatus) {
        if (recorded.incrementAndGet() > MAX_RECORD && calls.pollFirst() != null) { // size() would walk the deque
            recorded.decrementAndGet();
        }
        long now = System.nanoTime();
        Long arrived = rc.get(ARRIVED);
        if (arrived != null) {
            pending.decrementAndGet();
        }
        int answered = rc.response().closed() ? 499 : status;
        calls.addLast(new SimCall(seq.incrementAndGet(), kind, rc.request().method().name(), rc.request().path(),
                spaceId, rpcMethod, caller.principal(), caller.type(), caller.fingerprint(), answered,
                ((arrived == null ? now : arrived) - EPOCH) / 1000, (now - EPOCH) / 1000, tool, genieStatus,
                traceId(rc.request().getHeader("traceparent"))));
    }

    /** The trace id of a W3C {@code traceparent} ({@code 00-<trace id>-<parent id>-<flags>}), else null. */
    private static String traceId(String traceparent) {
        return traceparent != null && traceparent.length() >= 55 && traceparent.charAt(2) == '-'
                ? traceparent.substring(3, 35) : null;
    }

    // ---- OAuth ----------------------------------------------------------------------------

    private void discovery(RoutingContext rc) {
        String base = base(rc);
        json(rc, 200, mapper.createObjectNode()
                .put("issuer", base + "/oidc")
                .put("authorization_endpoint", base + "/oidc/v1/authorize")
                .put("token_endpoint", base + "/oidc/v1/token")
                .put("jwks_uri", base + "/oidc/v1/keys").toString());
    }

    private void token(RoutingContext rc) {
        String id = rc.request().getFormAttribute("client_id");
        String secret = rc.request().getFormAttribute("client_secret");
        String basic = rc.request().getHeader("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                id = decoded.substring(0, colon);
                secret = decoded.substring(colon + 1);
            }
        }
        String grant = rc.request().getFormAttribute("grant_type");
        if (TOKEN_EXCHANGE.equals(grant)) {
            exchange(rc);
            return;
        }
        Caller asked = new Caller(id, "service_principal", null);
        if (!"client_credentials".equals(grant)) {
            record("oidc", rc, asked, null, grant, 400);
            json(rc, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"only client_credentials\"}");
            return;
        }
        if (!SP_CLIENT_ID.equals(id) || !SP_CLIENT_SECRET.equals(secret)) {
            record("oidc", rc, asked, null, grant, 401);
            json(rc, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
            return;
        }
        String access = tokens.mint(new SimTokens.Spec(SP_CLIENT_ID, "all-apis", null, 3600, 0, base(rc) + "/oidc", false));
        record("oidc", rc, new Caller(SP_CLIENT_ID, "service_principal", SimTokens.fingerprint(access)), null, grant, 200);
        json(rc, 200, mapper.createObjectNode().put("access_token", access).put("token_type", "Bearer")
                .put("expires_in", 3600).put("scope", "all-apis").toString());
    }

    /**
     * A demo user's workspace token. Query parameters make it wrong on purpose:
     * {@code ttl} (seconds; negative: already expired), {@code nbf} (seconds from
     * now), {@code scope}, {@code issuer}, {@code unknown_kid=true}.
     */
    private void userToken(RoutingContext rc) {
        String user = rc.pathParam("user");
        if (!SimData.USERS.contains(user)) {
            json(rc, 404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no simulated user '"
                    + user.replaceAll("[^A-Za-z0-9_-]", "") + "'; try alice, bob, carol or dana\"}");
            return;
        }
        String access = tokens.mint(spec(rc, user, "genie offline_access", base(rc) + "/oidc"));
        json(rc, 200, mapper.createObjectNode().put("access_token", access).put("token_type", "Bearer")
                .put("expires_in", Math.max(0, ttl(rc))).toString());
    }

    /** A token of the organisation's identity provider for a demo user ({@code audience} as asked). */
    private void idpToken(RoutingContext rc) {
        String user = rc.pathParam("user");
        String access = idp.mint(spec(rc, user, null, base(rc) + "/idp"));
        json(rc, 200, mapper.createObjectNode().put("access_token", access).put("token_type", "Bearer")
                .put("expires_in", Math.max(0, ttl(rc))).toString());
    }

    private SimTokens.Spec spec(RoutingContext rc, String subject, String defaultScope, String issuer) {
        String scope = rc.queryParams().get("scope");
        String nbf = rc.queryParams().get("nbf");
        String iss = rc.queryParams().get("issuer");
        String named = "true".equals(rc.queryParams().get("no_subject")) ? null : subject;
        return new SimTokens.Spec(named, scope == null ? defaultScope : scope, rc.queryParams().get("audience"),
                ttl(rc), nbf == null ? 0 : Long.parseLong(nbf), iss == null ? issuer : iss,
                "true".equals(rc.queryParams().get("unknown_kid")));
    }

    private static long ttl(RoutingContext rc) {
        String ttl = rc.queryParams().get("ttl");
        return ttl == null ? 3600 : Long.parseLong(ttl);
    }

    /**
     * RFC 8693 token exchange, as with a workspace federation policy that trusts
     * the simulated identity provider: an IdP JWT for a known user becomes a
     * workspace token with the requested scopes.
     */
    private void exchange(RoutingContext rc) {
        String subjectToken = rc.request().getFormAttribute("subject_token");
        String type = rc.request().getFormAttribute("subject_token_type");
        String scope = rc.request().getFormAttribute("scope");
        String user = subjectToken == null ? null : idp.subject(subjectToken, base(rc) + "/idp");
        Caller caller = new Caller(user, user == null ? "invalid" : "user", SimTokens.fingerprint(subjectToken));
        if (!"urn:ietf:params:oauth:token-type:jwt".equals(type) || user == null || !SimData.USERS.contains(user)) {
            record("oidc", rc, caller, null, "token-exchange", 400);
            json(rc, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"the subject token is not trusted\"}");
            return;
        }
        if (scope == null || scope.isBlank()
                || !java.util.Set.of("genie", "dashboards.genie", "mcp.genie", "sql", "all-apis", "offline_access")
                        .containsAll(java.util.List.of(scope.trim().split("\\s+")))) {
            record("oidc", rc, caller, null, "token-exchange", 400);
            json(rc, 400, "{\"error\":\"invalid_scope\",\"error_description\":\"unknown scope\"}");
            return;
        }
        String access = tokens.mint(new SimTokens.Spec(user, scope.trim(), null, 3600, 0, base(rc) + "/oidc", false));
        record("oidc", rc, caller, null, "token-exchange", 200);
        json(rc, 200, mapper.createObjectNode().put("access_token", access).put("token_type", "Bearer")
                .put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .put("expires_in", 3600).put("scope", scope.trim()).toString());
    }

    // ---- knobs and helpers -----------------------------------------------------------------

    private ObjectNode knobsView() {
        return mapper.createObjectNode()
                .put("llmLatencyMs", knobs.llmLatencyMs).put("genieLatencyMs", knobs.genieLatencyMs)
                .put("llmFailures", knobs.llmFailures).put("llmFailureStatus", knobs.llmFailureStatus)
                .put("llmCallsBeforeFailure", knobs.llmCallsBeforeFailure)
                .put("genieImmediate", knobs.genieImmediate).put("geniePendingPolls", knobs.geniePendingPolls)
                .put("rowShape", knobs.rowShape).put("genieProtocolVersion", knobs.genieProtocolVersion)
                .put("llmToolCallsPerSpace", knobs.llmToolCallsPerSpace).put("llmToolRounds", knobs.llmToolRounds)
                .put("genieToolNameSuffix", knobs.genieToolNameSuffix)
                .put("genieAnswerMs", knobs.genieAnswerMs).put("genieAnswerJitterMs", knobs.genieAnswerJitterMs)
                .put("genieQuestionsPerMinute", knobs.genieQuestionsPerMinute)
                .put("genieRateWindowMs", knobs.genieRateWindowMs).put("genieRateLimitForm", knobs.genieRateLimitForm)
                .put("clockAheadMs", knobs.clockAheadMs).put("genieEndlessBody", knobs.genieEndlessBody)
                .put("llmEndlessBody", knobs.llmEndlessBody).put("llmTokenLatencyMs", knobs.llmTokenLatencyMs);
    }

    private void setKnobs(RoutingContext rc) {
        JsonNode in;
        try {
            in = mapper.readTree(rc.body().asString());
        } catch (Exception e) {
            json(rc, 400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"knobs must be a JSON object\"}");
            return;
        }
        in.properties().forEach(e -> {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "llmLatencyMs" -> knobs.llmLatencyMs = v.asLong();
                case "genieLatencyMs" -> knobs.genieLatencyMs = v.asLong();
                case "llmFailures" -> knobs.llmFailures = v.asInt();
                case "llmFailureStatus" -> knobs.llmFailureStatus = v.asInt();
                case "llmCallsBeforeFailure" -> knobs.llmCallsBeforeFailure = v.asInt();
                case "genieImmediate" -> knobs.genieImmediate = v.asBoolean();
                case "geniePendingPolls" -> knobs.geniePendingPolls = v.asInt();
                case "rowShape" -> knobs.rowShape = v.asText();
                case "genieProtocolVersion" -> knobs.genieProtocolVersion = v.asText();
                case "llmToolCallsPerSpace" -> knobs.llmToolCallsPerSpace = Math.max(1, v.asInt());
                case "llmToolRounds" -> knobs.llmToolRounds = Math.max(1, v.asInt());
                case "genieToolNameSuffix" -> knobs.genieToolNameSuffix = v.asText().replaceAll("[^A-Za-z0-9_]", "");
                case "genieAnswerMs" -> knobs.genieAnswerMs = Math.max(0, v.asLong());
                case "genieAnswerJitterMs" -> knobs.genieAnswerJitterMs = Math.max(0, v.asLong());
                case "genieQuestionsPerMinute" -> knobs.genieQuestionsPerMinute = Math.max(0, v.asInt());
                case "genieRateWindowMs" -> knobs.genieRateWindowMs = Math.max(1, v.asLong());
                case "genieRateLimitForm" -> knobs.genieRateLimitForm = v.asText();
                case "clockAheadMs" -> knobs.clockAheadMs = v.asLong();
                case "genieEndlessBody" -> knobs.genieEndlessBody = v.asText();
                case "llmEndlessBody" -> knobs.llmEndlessBody = v.asText();
                case "llmTokenLatencyMs" -> knobs.llmTokenLatencyMs = Math.max(0, v.asLong());
                default -> {
                }
            }
        });
        json(rc, 200, write(knobsView()));
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
            io.vertx.core.Context context = vertx.getOrCreateContext();
            LATENCY.schedule(() -> context.runOnContext(ignored -> action.run()), delayMs,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** One daemon thread for every simulated workspace's latency, in tests and in the sim build alike. */
    private static final java.util.concurrent.ScheduledExecutorService LATENCY = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(task -> {
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

    /**
     * When a streamed LLM answer sent its first and last piece of text and ended, by the
     * wall clock (microseconds since the epoch), in the order the streams started.
     */
    static final class StreamTimes {
        public final long seq;
        public final boolean toolCalls;
        public volatile long firstTextEpochMicros;
        public volatile long lastTextEpochMicros;
        public volatile long doneEpochMicros;

        StreamTimes(long seq, boolean toolCalls) {
            this.seq = seq;
            this.toolCalls = toolCalls;
        }

        void text() {
            long now = epochMicros();
            if (firstTextEpochMicros == 0) {
                firstTextEpochMicros = now;
            }
            lastTextEpochMicros = now;
        }

        void done() {
            doneEpochMicros = epochMicros();
        }
    }

    private final ConcurrentLinkedDeque<StreamTimes> streams = new ConcurrentLinkedDeque<>();
    private final AtomicLong streamSeq = new AtomicLong();

    /** Notes a streamed LLM answer starting; the record keeps the last 1000. */
    StreamTimes streamStarted(boolean toolCalls) {
        StreamTimes times = new StreamTimes(streamSeq.incrementAndGet(), toolCalls);
        streams.addLast(times);
        if (times.seq > 1000) {
            streams.pollFirst();
        }
        return times;
    }

    /** Microseconds since the epoch, by the wall clock (for times compared with another process's). */
    static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /**
     * Writes {@code head} and then 'x' without end, 64 KiB at a time and only as fast as
     * the client reads, until it hangs up or {@code max} bytes are out.
     */
    static void endless(io.vertx.core.http.HttpServerResponse response, String head, long max) {
        io.vertx.core.buffer.Buffer chunk = io.vertx.core.buffer.Buffer.buffer("x".repeat(64 * 1024));
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
        return new ArrayList<>(calls);
    }

}
