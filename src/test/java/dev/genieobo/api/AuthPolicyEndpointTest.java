package dev.genieobo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genieobo.support.Sim;
import dev.genieobo.workspace.SimulatedWorkspace;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthPolicyEndpointTest {

    @Test
    void showsWhatIsCalledAsWhomAndNoSecrets() {
        String body = given().get("/auth-policy").then().statusCode(200)
                .body("mode", equalTo("databricks"))
                .body("system.identity", equalTo("service principal"))
                .body("system.auth_type", equalTo("oauth-m2m"))
                .body("system.resources[0].type", equalTo("serving-endpoint"))
                .body("system.resources[0].name", equalTo("databricks-claude-sonnet-4-5"))
                .body("user.api_scopes", contains("genie"))
                .body("user.accepted_scopes.genie", hasItems("genie", "dashboards.genie", "mcp.genie", "all-apis"))
                .body("user.resources[0].type", equalTo("genie-space"))
                .body("user.resources[0].name", equalTo(Sim.SALES))
                .body("verification.issuer", equalTo(dev.genieobo.support.Sim.inAppUrl() + "/oidc"))
                .body("verification.jwks_url", equalTo(dev.genieobo.support.Sim.inAppUrl() + "/oidc/v1/keys"))
                .body("verification.opaque_tokens_accepted", equalTo(false))
                .extract().asString();
        assertTrue(!body.contains(SimulatedWorkspace.SP_CLIENT_SECRET), "no client secret");
        assertTrue(!body.contains(SimulatedWorkspace.SP_CLIENT_ID), "no client id either");
        assertTrue(!body.contains("eyJ"), "no token");
    }
}
