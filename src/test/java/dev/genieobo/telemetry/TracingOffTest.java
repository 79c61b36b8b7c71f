package dev.genieobo.telemetry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.FreshWorkspace;
import dev.genieobo.support.Sim;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tracing off (production's default, {@code quarkus.otel.sdk.disabled=true}): the
 * function's OpenTelemetry is the API's no-op, not a disabled SDK that was still
 * autoconfigured at start; turns are answered and nothing propagates a trace upstream.
 */
@QuarkusTest
@TestProfile(TracingOffTest.Off.class)
@Timeout(60)
class TracingOffTest implements FreshWorkspace {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "true");
        }
    }

    @Inject
    OpenTelemetry openTelemetry;

    private final Sim sim = Sim.inApp();

    @Test
    void theFunctionsOpenTelemetryIsTheNoOp() {
        assertSame(OpenTelemetry.noop(), openTelemetry);
    }

    @Test
    void aTurnIsAnsweredAndNoTraceGoesUpstream() {
        sim.clearCalls();
        given().header("Authorization", "Bearer " + sim.token("alice"))
                .header("traceparent", "00-" + TracingTest.TRACE_ID + "-" + TracingTest.PARENT_ID + "-01")
                .contentType("application/json").body(Sim.question("What is the total sales amount?"))
                .post("/invocations").then().statusCode(200).body("messages[2].content", containsString("2000"));
        List<Map<String, Object>> calls = sim.calls();
        assertFalse(calls.isEmpty());
        assertTrue(calls.stream().allMatch(c -> c.get("traceId") == null), "a call carried a traceparent: " + calls);
    }
}
