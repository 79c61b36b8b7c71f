package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.TurnCancelledException;
import dev.genieobo.upstream.UpstreamException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Exchange mode's second step: the caller's IdP token (already verified, for this
 * function's audience) traded per request at the workspace's token endpoint (RFC 8693,
 * {@code subject_token_type=urn:ietf:params:oauth:token-type:jwt}, {@code scope} = the
 * policy's scopes) for the workspace token the turn runs on. Nothing of it is cached.
 */
final class TokenExchange {

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final OAuthEndpoints.Token endpoint;
    private final String scopes;
    private final String clientId;

    TokenExchange(String tokenEndpoint, String scopes, String clientId) {
        this.endpoint = tokenEndpoint.isEmpty() ? null : OAuthEndpoints.client(OAuthEndpoints.Token.class, tokenEndpoint);
        this.scopes = scopes;
        this.clientId = clientId;
    }

    /** The exchanged token (its expiry from {@code expires_in}, when given), or 401/502. */
    Exchanged exchange(String subjectToken, Deadline deadline) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("grant_type", GRANT);
        form.putSingle("subject_token", subjectToken);
        form.putSingle("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        form.putSingle("scope", scopes);
        if (clientId != null) {
            form.putSingle("client_id", clientId);
        }
        Response response;
        try {
            response = deadline.await(endpoint.exchange(form).subscribeAsCompletionStage(),
                    "exchanging the token at the workspace token endpoint");
        } catch (UpstreamException | DeadlineExceededException | TurnCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw UpstreamException.unreachable("the workspace token endpoint is unreachable ("
                    + e.getClass().getSimpleName() + ")");
        }
        try (response) {
            OAuthEndpoints.TokenAnswer answer = read(response);
            if (response.getStatus() >= 500) {
                throw new UpstreamException("the workspace token endpoint answered HTTP " + response.getStatus(),
                        response.getStatus());
            }
            if (response.getStatus() / 100 != 2) {
                throw Unauthenticated.invalidToken("the workspace refused to exchange the token ("
                        + (answer.error() != null ? answer.error() : "HTTP " + response.getStatus()) + ")");
            }
            if (answer.accessToken() == null || answer.accessToken().isEmpty()) {
                throw new UpstreamException("the workspace token endpoint returned no access_token");
            }
            // RFC 8693: expires_in is recommended; without it the exchanged token is not bounded here
            return new Exchanged(answer.accessToken(),
                    answer.expiresIn() == null ? null : Instant.now().plusSeconds(answer.expiresIn()));
        }
    }

    private static OAuthEndpoints.TokenAnswer read(Response response) {
        try {
            return response.readEntity(OAuthEndpoints.TokenAnswer.class); // Jackson, through the REST client
        } catch (RuntimeException notJson) {
            return new OAuthEndpoints.TokenAnswer(null, null, null, null);
        }
    }

    /** A workspace token for one request. */
    record Exchanged(String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Exchanged[redacted]";
        }
    }
}
