package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.DeadlineExceededException;
import dev.genieobo.upstream.TurnCancelledException;
import dev.genieobo.upstream.UpstreamException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;

/**
 * How jose4j's JWKS cache fetches keys: with Quarkus' REST client ({@link OAuthEndpoints.Keys},
 * on the shared Vert.x stack, traced), bounded by the deadline of the request being
 * verified ({@link #within}), or by {@link #BACKGROUND} for the startup prefetch.
 * jose4j's own {@code Get} would open a connection of its own with fixed timeouts.
 */
final class JwksFetch implements SimpleGet {

    /** The budget of a fetch that no request waits for (the startup prefetch). */
    static final Duration BACKGROUND = Duration.ofSeconds(5);
    /** A key set is a few KB; anything far larger is not one (checked on Content-Length). */
    private static final long MAX_BYTES = 1 << 20;

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final String url;
    private final OAuthEndpoints.Keys keys;

    JwksFetch(String url) {
        this.url = url;
        this.keys = url.isEmpty() ? null : OAuthEndpoints.client(OAuthEndpoints.Keys.class, url);
    }

    /** Runs {@code verification} with key fetches bounded by {@code deadline}. */
    static <T> T within(Deadline deadline, java.util.function.Supplier<T> verification) {
        Deadline previous = CURRENT.get();
        CURRENT.set(deadline);
        try {
            return verification.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    @Override
    public SimpleResponse get(String location) {
        Deadline deadline = CURRENT.get();
        String what = "the signing keys (JWKS) at " + url;
        Response response;
        try {
            response = (deadline != null ? deadline : Deadline.detached(BACKGROUND))
                    .await(keys.get().subscribeAsCompletionStage(), "fetching " + what);
        } catch (UpstreamException | DeadlineExceededException | TurnCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw UpstreamException.unreachable(what + " could not be fetched (" + e.getClass().getSimpleName() + ")");
        }
        try (response) {
            if (response.getLength() > MAX_BYTES) {
                throw new UpstreamException(what + " sent " + response.getLength() + " bytes, not a key set");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.getStringHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
            return new org.jose4j.http.Response(response.getStatus(), "", headers,
                    response.hasEntity() ? response.readEntity(String.class) : "");
        }
    }
}
