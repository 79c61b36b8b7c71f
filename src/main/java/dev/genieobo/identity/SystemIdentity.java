package dev.genieobo.identity;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.HeaderFactory;
import dev.genieobo.upstream.UpstreamException;
import dev.genieobo.upstream.UpstreamHttp;
import dev.genieobo.upstream.WorkspaceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * The function's own identity (its service principal), resolved once by the
 * Databricks SDK's unified auth and refreshed by it: a personal access token
 * ({@code DATABRICKS_TOKEN}) or OAuth M2M ({@code DATABRICKS_CLIENT_ID} +
 * {@code DATABRICKS_CLIENT_SECRET}).
 *
 * <p>It is used for the LLM serving endpoint only. Nothing in the Genie path
 * accepts it: Genie calls take a {@link UserCredential}, which this class can
 * never produce.
 *
 * <p>The SDK is configured explicitly (host, credentials, auth type) instead of through
 * {@code resolve()}, so nothing is read from {@code ~/.databrickscfg}, there is no conflict
 * with unrelated environment variables, and the only network calls are the OAuth token
 * requests ({@link ServicePrincipalM2M}, over the function's one HTTP client), made on
 * first use and on refresh, never per request. Only the SDK's public API is used: none of
 * what it marks {@code @InternalApi}.
 */
@ApplicationScoped
public class SystemIdentity {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SystemIdentity.class);
    private final WorkspaceConfig workspace;
    private final ServicePrincipalConfig credentials;
    private final UpstreamHttp http;
    private volatile HeaderFactory sdk;

    public SystemIdentity(WorkspaceConfig workspace, ServicePrincipalConfig credentials, UpstreamHttp http) {
        this.workspace = workspace;
        this.credentials = credentials;
        this.http = http;
    }

    /**
     * Fails the start, with a message saying what to set, when no service-principal
     * credentials are configured; otherwise fetches the function's own token in the
     * background, so the first turn does not wait for it (cold start), unless
     * {@code genie-obo.system.warm-up=false} or a SnapStart snapshot is being made
     * ({@link StartupFetches}), on a platform thread (as {@code CallerVerifier}'s key
     * prefetch). A failure here is only logged: the token is fetched again when a turn
     * needs it.
     */
    void checkAtStartup(@Observes StartupEvent started, StartupFetches fetches,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "genie-obo.system.warm-up",
                    defaultValue = "true") boolean warmUp) {
        authType();
        if (!warmUp || !fetches.allowed()) {
            return;
        }
        Thread.ofPlatform().daemon().name("system-identity-warm-up").start(() -> {
            try {
                headers();
            } catch (RuntimeException e) {
                LOG.debugf("the service principal's token could not be fetched at startup (%s); a turn will fetch it",
                        e.getClass().getSimpleName());
            }
        });
    }

    /** Which unified-auth type is configured: {@code pat} or {@code oauth-m2m}. Fails when neither is. */
    public String authType() {
        if (credentials.token().filter(t -> !t.isBlank()).isPresent()) {
            return "pat";
        }
        if (credentials.clientId().filter(t -> !t.isBlank()).isPresent()
                && credentials.clientSecret().filter(t -> !t.isBlank()).isPresent()) {
            return "oauth-m2m";
        }
        throw new IllegalStateException("no service-principal credentials: set DATABRICKS_TOKEN, or "
                + "DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET");
    }

    /**
     * The headers that authenticate a call as the function itself, waiting for a token
     * fetch (first use, refresh) at most until {@code deadline}. The fetch itself is the
     * SDK's and shared by every turn: one that outlasts a turn's deadline goes on for
     * the next turn, with nothing of any caller in it.
     */
    public Map<String, String> headers(dev.genieobo.upstream.Deadline deadline) {
        Fetched recent = last;
        if (recent != null && System.nanoTime() - recent.atNanos() < REUSE_NANOS) {
            return recent.headers();
        }
        Map<String, String> headers = deadline.await(
                java.util.concurrent.CompletableFuture.supplyAsync(this::headers, FETCHES),
                "fetching the service principal's token");
        last = new Fetched(headers, System.nanoTime());
        return headers;
    }

    /**
     * How long the headers the SDK last gave are used again without asking it: the
     * SDK hands out tokens with at least a minute left (its expiry buffer) and renews
     * them in the background five minutes before they expire. Asking it on a virtual
     * thread for every LLM call cost 0.05-0.1 ms of CPU per turn (measured against the
     * same build calling it inline).
     */
    private static final long REUSE_NANOS = java.time.Duration.ofSeconds(30).toNanos();

    /** The function's own headers and when the SDK gave them (never a caller's). */
    private record Fetched(Map<String, String> headers, long atNanos) {
        @Override
        public String toString() {
            return "Fetched[redacted]";
        }
    }

    private volatile Fetched last;

    /** Where token fetches run, so that a turn can stop waiting for one (virtual threads). */
    private static final java.util.concurrent.Executor FETCHES = task -> Thread.ofVirtual()
            .name("system-identity").start(task);

    /** The headers that authenticate a call as the function itself (blocking for as long as the SDK takes). */
    Map<String, String> headers() {
        try {
            return headerFactory().headers();
        } catch (DatabricksException | NullPointerException e) {
            // SDK messages mask secrets as ***; we still keep only our own words
            throw new UpstreamException("could not obtain the service principal's token from the workspace ("
                    + e.getClass().getSimpleName() + ")", 0);
        }
    }

    private HeaderFactory headerFactory() {
        HeaderFactory current = sdk;
        if (current == null) {
            synchronized (this) {
                current = sdk;
                if (current == null) {
                    current = build();
                    sdk = current;
                }
            }
        }
        return current;
    }

    /**
     * The header factory for the configured credentials: what
     * {@code DatabricksConfig.authenticate()} builds on first use, asked of the chosen
     * provider directly. Through {@code authenticate()} the native build would have to
     * keep every provider a {@code DatabricksConfig} may hold (its default provider
     * chain: Google, Azure, the CLI, a browser login, {@code ~/.databrickscfg} with
     * commons-configuration2 and an XML parser), none of which this function uses
     * (docs/native.md, "What the executable holds").
     */
    private HeaderFactory build() {
        String type = authType();
        DatabricksConfig config = new DatabricksConfig()
                .setHost(workspace.baseUrl())
                .setAuthType(type);
        CredentialsProvider provider;
        if (type.equals("pat")) {
            config.setToken(credentials.token().orElseThrow());
            provider = new ServicePrincipalPat();
        } else {
            config.setClientId(credentials.clientId().orElseThrow());
            config.setClientSecret(credentials.clientSecret().orElseThrow());
            provider = new ServicePrincipalM2M(http);
        }
        HeaderFactory factory = provider.configure(config.setCredentialsProvider(provider));
        if (factory == null) {
            throw new DatabricksException("the " + type + " credentials are incomplete");
        }
        return factory;
    }

    @Override
    public String toString() {
        return "SystemIdentity[redacted]";
    }
}
