package dev.genieobo.genie;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which Genie the configuration names, and what stops the start. */
@Timeout(10)
class GenieConnectorTest {

    private static GenieConnector connector(GenieConfig.Server server, List<String> spaceIds) {
        GenieConfig config = (GenieConfig) Proxy.newProxyInstance(GenieConfig.class.getClassLoader(),
                new Class<?>[] { GenieConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "server" -> server;
                    case "spaceIds" -> Optional.ofNullable(spaceIds);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new GenieConnector(null, null, config, null, new com.fasterxml.jackson.databind.ObjectMapper(), null, null);
    }

    @Test
    void spacesModeWithoutSpacesStopsTheStartNamingTheKeys() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> connector(GenieConfig.Server.SPACES, null).checkAtStartup(null));
        assertTrue(stop.getMessage().contains("genie-obo.genie.space-ids") && stop.getMessage().contains("server=workspace"),
                stop.getMessage());
    }

    @Test
    void workspaceModeNeedsNoSpaces() {
        GenieConnector workspace = connector(GenieConfig.Server.WORKSPACE, null);
        assertDoesNotThrow(() -> workspace.checkAtStartup(null));
        assertEquals(List.of(GenieConnector.WORKSPACE), workspace.targets());
        assertEquals(List.of("s1", "s2"), connector(GenieConfig.Server.SPACES, List.of("s1", "s2")).targets());
    }
}
