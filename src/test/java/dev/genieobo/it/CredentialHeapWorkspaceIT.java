package dev.genieobo.it;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link CredentialHeapIT} with the application asking the workspace's Genie ({@code genie-obo.genie.server=workspace}). */
class CredentialHeapWorkspaceIT extends CredentialHeapIT {

    /** Hides {@link CredentialHeapIT#start()}: only this one runs for this class. */
    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of("genie-obo.genie.server", "workspace"));
    }
}
