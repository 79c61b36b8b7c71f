package dev.genieobo.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For a test on a simulated workspace: every test starts with the default knobs and an
 * empty record of calls, and leaves the knobs at their defaults for the next test class
 * that shares the workspace. The workspace is the one mounted in the @QuarkusTest
 * application unless the class names another ({@link #freshWorkspaceSim()}).
 */
public interface FreshWorkspace {

    /** The workspace made fresh: the in-app one; an integration test names its standalone workspace. */
    default Sim freshWorkspaceSim() {
        return Sim.inApp();
    }

    @BeforeEach
    default void freshWorkspace() {
        freshWorkspaceSim().resetKnobs();
        freshWorkspaceSim().clearCalls();
    }

    @AfterEach
    default void defaultKnobs() {
        freshWorkspaceSim().resetKnobs();
    }
}
