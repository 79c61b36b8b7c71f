package dev.genieobo.identity;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import dev.genieobo.upstream.Deadline;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import dev.genieobo.upstream.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Databricks SDK's HTTP transport for the service principal's requests (its
 * client-credentials token requests): the function's one Vert.x client
 * ({@link UpstreamHttp}), instead of the SDK's default Apache HttpClient. That client
 * was a second connection pool and TLS context beside ours, and building it (an
 * SSLContext, several hundred classes) was most of the SDK's cost in a cold start.
 *
 * <p>Each request is bounded by {@value #TIMEOUT_SECONDS} s, as the SDK's client was.
 * Redirects are not followed: a workspace answers these endpoints directly, and a
 * client-credentials request must not be sent elsewhere. Nothing here logs.
 */
final class SdkHttp implements HttpClient {

    static final int TIMEOUT_SECONDS = 10;
    private final UpstreamHttp http;

    SdkHttp(UpstreamHttp http) {
        this.http = http;
    }

    @Override
    public Response execute(Request in) throws IOException {
        URI uri = in.getUri(); // with the request's query parameters
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        in.getHeaders().forEach(headers::set);
        Buffer body = null;
        if (in.isBodyString()) {
            body = Buffer.buffer(in.getBodyString());
        } else if (in.isBodyStreaming()) {
            body = Buffer.buffer(in.getBodyStream().readAllBytes());
        }
        UpstreamResponse answer;
        try {
            answer = http.send(HttpMethod.valueOf(in.getMethod()), uri.toString(), headers, body,
                    Deadline.detached(Duration.ofSeconds(TIMEOUT_SECONDS)), "the workspace's OAuth endpoint");
        } catch (UpstreamException e) {
            throw new IOException(e.getMessage()); // our own words: no URL query, no body
        }
        Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
        answer.headers().names().forEach(name -> answerHeaders.put(name, answer.headers().getAll(name)));
        // the stream form: the SDK's debug copy of the body is then a placeholder, never the token
        return new Response(in, uri.toURL(), answer.status(), reason(answer.status()), answerHeaders,
                new ByteArrayInputStream(answer.body().getBytes()));
    }

    private static String reason(int status) {
        return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
