package dev.genieobo.support;

import static io.restassured.RestAssured.given;

import io.restassured.common.mapper.TypeRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Test access to the simulated workspace over HTTP (same process in @QuarkusTest, another one in ITs). */
public final class Sim {

    public static final String SALES = "01f0c0ffee5a1e5000000000000000a1";
    /** The statuses a slow Genie answer goes through, in order (the question's, then its polls'). */
    public static final List<String> GENIE_STATUSES = List.of("FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI",
            "PENDING_WAREHOUSE", "EXECUTING_QUERY", "COMPLETED");

    private final java.util.function.Supplier<String> base;

    public Sim(String base) {
        this.base = () -> base;
    }

    private Sim(java.util.function.Supplier<String> base) {
        this.base = base;
    }

    /** The workspace at the URL {@code base} gives, read at each call (a workspace that starts later). */
    public static Sim at(java.util.function.Supplier<String> base) {
        return new Sim(base);
    }

    /**
     * The workspace mounted in the @QuarkusTest application (on the free port it was
     * given): its URL is read at each call, once the test's application has started.
     */
    public static Sim inApp() {
        return new Sim(Sim::inAppUrl);
    }

    /** The base URL of the @QuarkusTest application, and of the workspace mounted in it. */
    public static String inAppUrl() {
        return "http://localhost:" + io.restassured.RestAssured.port;
    }

    public String token(String user) {
        return given().baseUri(base.get()).post("/sim/users/" + user + "/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** A demo user's token made wrong (or short-lived) on purpose by query parameters, e.g. {@code ttl=5}. */
    public String token(String user, String query) {
        return given().baseUri(base.get()).post("/sim/users/" + user + "/token?" + query)
                .then().statusCode(200).extract().path("access_token");
    }

    /** A token of the organisation's identity provider (trusted for token exchange) for a demo user, for {@code audience}. */
    public String idpToken(String user, String audience) {
        return given().baseUri(base.get()).post("/sim/idp/users/" + user + "/token?audience=" + audience)
                .then().statusCode(200).extract().path("access_token");
    }

    /** The workspace's own numbers: {@code openGenieSessions}, {@code nowMicros} (the record's clock), ... */
    public Map<String, Object> stats() {
        return given().baseUri(base.get()).get("/sim/stats").then().statusCode(200).extract()
                .as(new TypeRef<Map<String, Object>>() {
                });
    }

    public int openGenieSessions() {
        return ((Number) stats().get("openGenieSessions")).intValue();
    }

    /** Genie and LLM requests the workspace received and has not answered yet. */
    public int pendingCalls() {
        return ((Number) stats().get("pendingCalls")).intValue();
    }

    /** Now, on the clock of the record's {@code arrivedMicros}. */
    public long nowMicros() {
        return ((Number) stats().get("nowMicros")).longValue();
    }

    /** The streamed LLM answers since the record was cleared: when each sent its first and last text. */
    public List<Map<String, Object>> llmStreams() {
        return given().baseUri(base.get()).get("/sim/llm/streams").then().statusCode(200).extract()
                .as(new TypeRef<List<Map<String, Object>>>() {
                });
    }

    public List<Map<String, Object>> calls() {
        return given().baseUri(base.get()).get("/sim/calls").then().statusCode(200).extract()
                .as(new TypeRef<List<Map<String, Object>>>() {
                });
    }

    public void clearCalls() {
        given().baseUri(base.get()).delete("/sim/calls").then().statusCode(204);
    }

    public void knobs(String json) {
        given().baseUri(base.get()).contentType("application/json").body(json).post("/sim/knobs").then().statusCode(200);
    }

    public void resetKnobs() {
        given().baseUri(base.get()).delete("/sim/knobs").then().statusCode(204);
    }

    public static String fingerprint(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String question(String text) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }
}
