package dev.genieobo.identity;

import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamHttp;
import dev.genieobo.upstream.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.http.Response;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;

/**
 * How jose4j's JWKS cache fetches keys: over the function's one upstream HTTP
 * client (its pool, its body cap, {@code traceparent}), bounded by the deadline of
 * the request being verified ({@link #within}), or by {@link #BACKGROUND} for the
 * startup prefetch. jose4j's own {@code Get} would open a connection of its own
 * with fixed timeouts.
 */
final class JwksFetch implements SimpleGet {

    /** The budget of a fetch that no request waits for (the startup prefetch). */
    static final Duration BACKGROUND = Duration.ofSeconds(5);

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final UpstreamHttp http;

    JwksFetch(UpstreamHttp http) {
        this.http = http;
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
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Accept", "application/json");
        UpstreamResponse response = http.send(HttpMethod.GET, location, headers, null,
                deadline != null ? deadline : Deadline.detached(BACKGROUND), "the signing keys (JWKS) at " + location);
        Map<String, List<String>> byName = new LinkedHashMap<>();
        if (response.headers() != null) {
            for (String name : response.headers().names()) {
                byName.put(name.toLowerCase(java.util.Locale.ROOT), new ArrayList<>(response.headers().getAll(name)));
            }
        }
        return new Response(response.status(), "", byName, response.body().toString());
    }
}
