package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.genieobo.support.Sim;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probes are cheap: no token needed, nothing called upstream. */
@QuarkusTest
class HealthTest {

    @Test
    void livenessAndReadinessNeedNoTokenAndCallNothing() {
        Sim sim = Sim.inApp();
        sim.clearCalls();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'configuration' }.data.genie_spaces", equalTo(1))
                .body("checks.find { it.name == 'configuration' }.data.system_auth", equalTo("oauth-m2m"));
        assertEquals(List.of(), sim.calls(), "a probe calls no upstream");
    }
}
