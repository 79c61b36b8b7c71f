package dev.genieobo.support;

import dev.genieobo.upstream.UpstreamHttp;
import dev.genieobo.upstream.WorkspaceConfig;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Builds the shared upstream HTTP client outside Quarkus, for unit tests. */
public final class Upstreams {

    private Upstreams() {
    }

    public static WorkspaceConfig workspace(String host) {
        return new WorkspaceConfig() {
            @Override
            public String host() {
                return host;
            }

            @Override
            public Http http() {
                return new Http() {
                    @Override
                    public Duration connectTimeout() {
                        return Duration.ofSeconds(2);
                    }

                    @Override
                    public int maxConnections() {
                        return 8;
                    }

                    @Override
                    public io.quarkus.runtime.configuration.MemorySize maxBodySize() {
                        return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(16L << 20));
                    }
                };
            }
        };
    }

    public static UpstreamHttp http(Vertx vertx) {
        return new UpstreamHttp(vertx, workspace("http://127.0.0.1"));
    }
}
