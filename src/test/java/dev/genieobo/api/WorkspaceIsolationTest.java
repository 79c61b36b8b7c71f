package dev.genieobo.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link IsolationTest} against the workspace's Genie ({@code genie-obo.genie.server=workspace}). */
@QuarkusTest
@TestProfile(WorkspaceGenieTest.Profile.class)
class WorkspaceIsolationTest extends IsolationTest {

    /** initialize, initialized, genie_ask, genie_poll_response, genie_get_query_result, DELETE. */
    @Override
    int genieCallsPerTurn() {
        return 6;
    }
}
