package dev.genieobo.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The two OAuth endpoints verification calls, as Quarkus REST clients (on the shared
 * Vert.x stack, traced by quarkus-opentelemetry, which sends {@code traceparent}): the
 * signing keys (JWKS) and the RFC 8693 token exchange. Each is a client for one URL,
 * built once; the caller bounds each call by the request's deadline (Uni to
 * CompletableFuture, cancelled at the deadline or a hang-up).
 */
final class OAuthEndpoints {

    private OAuthEndpoints() {
    }

    /** {@code GET <jwks url>}: the key set, as jose4j reads it. */
    interface Keys {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        Uni<Response> get();
    }

    /** {@code POST <token endpoint>} with a form: the exchanged token, or an OAuth error body. */
    interface Token {
        @POST
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        @Produces(MediaType.APPLICATION_JSON)
        Uni<Response> exchange(MultivaluedMap<String, String> form);
    }

    /** A token endpoint's JSON answer (RFC 6749 section 5.1 and 5.2, RFC 8693 section 2.2). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenAnswer(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") Long expiresIn,
            String error, @JsonProperty("error_description") String errorDescription) {
    }

    /** A client for exactly {@code url}; HTTP errors come back as responses, not exceptions. */
    static <T> T client(Class<T> api, String url) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(api);
    }
}
