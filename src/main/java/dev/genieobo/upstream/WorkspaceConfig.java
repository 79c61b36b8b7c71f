package dev.genieobo.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The Databricks workspace the function talks to and how it is reached. Keys live
 * under {@code databricks.*} so that {@code DATABRICKS_HOST} sets the host; the
 * function's own credentials, under the same prefix, are identity's
 * ({@code ServicePrincipalConfig}).
 */
@ConfigMapping(prefix = "databricks")
public interface WorkspaceConfig {

    /** Workspace URL, e.g. {@code https://adb-123.azuredatabricks.net}. */
    String host();

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
