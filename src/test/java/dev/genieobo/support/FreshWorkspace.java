package dev.genieobo.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For a @QuarkusTest on the in-app simulated workspace: every test starts with the
 * default knobs and an empty record of calls, and leaves the knobs at their defaults
 * for the next test class that shares the application.
 */
public interface FreshWorkspace {

    @BeforeEach
    default void freshWorkspace() {
        Sim.inApp().resetKnobs();
        Sim.inApp().clearCalls();
    }

    @AfterEach
    default void defaultKnobs() {
        Sim.inApp().resetKnobs();
    }
}
