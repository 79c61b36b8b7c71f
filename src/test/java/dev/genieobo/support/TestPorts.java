package dev.genieobo.support;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Applies {@link FreePort} to every @QuarkusTest application of this module. */
@WithTestResource(value = FreePort.class, scope = TestResourceScope.GLOBAL)
public final class TestPorts {

    private TestPorts() {
    }
}
