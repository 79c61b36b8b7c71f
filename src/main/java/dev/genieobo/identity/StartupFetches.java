package dev.genieobo.identity;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether this start may fetch credentials ahead of the first caller: the service
 * principal's token ({@link SystemIdentity}) and the callers' signing keys
 * ({@link CallerVerifier}). Not while AWS Lambda initialises a SnapStart snapshot
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, a variable Lambda sets; its other
 * values are {@code on-demand} and {@code provisioned-concurrency}): what is fetched then
 * would be in every copy restored from the snapshot, a token shared by all of them and
 * keys as old as the snapshot. A restored copy fetches both on its first turn.
 *
 * <p>Both fetches run on platform threads. On a cold JVM they are mostly CPU (class
 * loading, first runs in the interpreter) for half a second or more on two cores; on
 * virtual threads they held the carriers (as many as cores) that the first turn's
 * virtual threads then waited for. Measured on the simulation build, alternating starts
 * (JVM, no archive, the image's options): first turn 2170 -> 1979 ms (9 pairs) and
 * 2110 -> 2029 ms (7 pairs, the other order), CPU to the first turn 10 % lower.
 */
@ApplicationScoped
public class StartupFetches {

    private static final Logger LOG = Logger.getLogger(StartupFetches.class);
    static final String SNAPSHOT_INIT = "snap-start";
    private final boolean snapshotInit;

    public StartupFetches(@ConfigProperty(name = "aws.lambda.initialization-type") Optional<String> initialization) {
        this.snapshotInit = initialization.filter(SNAPSHOT_INIT::equals).isPresent();
    }

    void announce(@Observes StartupEvent started) {
        if (snapshotInit) {
            LOG.info("SnapStart snapshot initialisation (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start): the service "
                    + "principal's token and the signing keys are fetched by the first turn, not now");
        }
    }

    /** False while a snapshot is being initialised: then nothing is fetched before a caller asks. */
    public boolean allowed() {
        return !snapshotInit;
    }
}
