package dev.genieobo.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The Databricks workspace the function talks to, and the function's own
 * (service-principal) credentials. Keys live under {@code databricks.*} so that
 * the environment variables the Databricks tools already use
 * ({@code DATABRICKS_HOST}, {@code DATABRICKS_TOKEN}, {@code DATABRICKS_CLIENT_ID},
 * {@code DATABRICKS_CLIENT_SECRET}) configure them directly.
 */
@ConfigMapping(prefix = "databricks")
public interface WorkspaceConfig {

    /** Workspace URL, e.g. {@code https://adb-123.azuredatabricks.net}. */
    String host();

    /** Personal access token of the service principal (system identity only). */
    Optional<String> token();

    /** OAuth M2M client id of the service principal. */
    Optional<String> clientId();

    /** OAuth M2M client secret of the service principal. */
    Optional<String> clientSecret();

    /** Upstream HTTP settings shared by every call to the workspace. */
    Http http();

    interface Http {
        /** TCP connect timeout for workspace calls. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Connections kept per workspace host in the one shared pool. */
        @WithDefault("64")
        int maxConnections();

        /**
         * The largest answer accepted from the workspace (a Genie result, an LLM reply,
         * an event stream, an error body); a longer one fails the call at once (502).
         */
        @WithDefault("16M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();
    }

    /** The host without a trailing slash. */
    default String baseUrl() {
        String h = host().trim();
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
