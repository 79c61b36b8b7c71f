package dev.genieobo.workspace;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The simulated workspace's OAuth: discovery, the token endpoint (client
 * credentials and RFC 8693 token exchange), and the sim-only routes that mint a
 * demo user's workspace token or identity-provider token.
 */
final class SimOAuth {

    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final SimulatedWorkspace ws;

    SimOAuth(SimulatedWorkspace ws) {
        this.ws = ws;
    }

    void discovery(RoutingContext rc) {
        String base = ws.base(rc);
        SimulatedWorkspace.json(rc, 200, ws.mapper.createObjectNode()
                .put("issuer", base + "/oidc")
                .put("authorization_endpoint", base + "/oidc/v1/authorize")
                .put("token_endpoint", base + "/oidc/v1/token")
                .put("jwks_uri", base + "/oidc/v1/keys").toString());
    }

    void token(RoutingContext rc) {
        String id = rc.request().getFormAttribute("client_id");
        String secret = rc.request().getFormAttribute("client_secret");
        String basic = rc.request().getHeader("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()),
                    StandardCharsets.UTF_8);
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
        SimulatedWorkspace.Caller asked = new SimulatedWorkspace.Caller(id, "service_principal", null);
        if (!"client_credentials".equals(grant)) {
            ws.record.call("oidc", rc, asked, null, grant, 400);
            SimulatedWorkspace.json(rc, 400,
                    "{\"error\":\"unsupported_grant_type\",\"error_description\":\"only client_credentials\"}");
            return;
        }
        if (!SimulatedWorkspace.SP_CLIENT_ID.equals(id) || !SimulatedWorkspace.SP_CLIENT_SECRET.equals(secret)) {
            ws.record.call("oidc", rc, asked, null, grant, 401);
            SimulatedWorkspace.json(rc, 401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
            return;
        }
        String access = ws.tokens.mint(new SimTokens.Spec(SimulatedWorkspace.SP_CLIENT_ID, "all-apis", null, 3600, 0,
                ws.base(rc) + "/oidc", false));
        ws.record.call("oidc", rc, new SimulatedWorkspace.Caller(SimulatedWorkspace.SP_CLIENT_ID, "service_principal",
                SimTokens.fingerprint(access)), null, grant, 200);
        SimulatedWorkspace.json(rc, 200, ws.mapper.createObjectNode().put("access_token", access)
                .put("token_type", "Bearer").put("expires_in", 3600).put("scope", "all-apis").toString());
    }

    /**
     * A demo user's workspace token. Query parameters make it wrong on purpose:
     * {@code ttl} (seconds; negative: already expired), {@code nbf} (seconds from
     * now), {@code scope}, {@code issuer}, {@code unknown_kid=true}.
     */
    void userToken(RoutingContext rc) {
        String user = rc.pathParam("user");
        if (!SimData.USERS.contains(user)) {
            SimulatedWorkspace.json(rc, 404,
                    "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no simulated user '"
                    + user.replaceAll("[^A-Za-z0-9_-]", "") + "'; try alice, bob, carol or dana\"}");
            return;
        }
        String access = ws.tokens.mint(spec(rc, user, "genie offline_access", ws.base(rc) + "/oidc"));
        SimulatedWorkspace.json(rc, 200, ws.mapper.createObjectNode().put("access_token", access)
                .put("token_type", "Bearer").put("expires_in", Math.max(0, ttl(rc))).toString());
    }

    /** A token of the organisation's identity provider for a demo user ({@code audience} as asked). */
    void idpToken(RoutingContext rc) {
        String user = rc.pathParam("user");
        String access = ws.idp.mint(spec(rc, user, null, ws.base(rc) + "/idp"));
        SimulatedWorkspace.json(rc, 200, ws.mapper.createObjectNode().put("access_token", access)
                .put("token_type", "Bearer").put("expires_in", Math.max(0, ttl(rc))).toString());
    }

    private static SimTokens.Spec spec(RoutingContext rc, String subject, String defaultScope, String issuer) {
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
        String user = subjectToken == null ? null : ws.idp.subject(subjectToken, ws.base(rc) + "/idp");
        SimulatedWorkspace.Caller caller = new SimulatedWorkspace.Caller(user, user == null ? "invalid" : "user",
                SimTokens.fingerprint(subjectToken));
        if (!"urn:ietf:params:oauth:token-type:jwt".equals(type) || user == null || !SimData.USERS.contains(user)) {
            ws.record.call("oidc", rc, caller, null, "token-exchange", 400);
            SimulatedWorkspace.json(rc, 400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"the subject token is not trusted\"}");
            return;
        }
        if (scope == null || scope.isBlank()
                || !Set.of("genie", "dashboards.genie", "mcp.genie", "sql", "all-apis", "offline_access")
                        .containsAll(List.of(scope.trim().split("\\s+")))) {
            ws.record.call("oidc", rc, caller, null, "token-exchange", 400);
            SimulatedWorkspace.json(rc, 400, "{\"error\":\"invalid_scope\",\"error_description\":\"unknown scope\"}");
            return;
        }
        String access = ws.tokens.mint(new SimTokens.Spec(user, scope.trim(), null, 3600, 0, ws.base(rc) + "/oidc",
                false));
        ws.record.call("oidc", rc, caller, null, "token-exchange", 200);
        SimulatedWorkspace.json(rc, 200, ws.mapper.createObjectNode().put("access_token", access)
                .put("token_type", "Bearer")
                .put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .put("expires_in", 3600).put("scope", scope.trim()).toString());
    }
}
