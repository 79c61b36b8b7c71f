package dev.genieobo.workspace;

import java.util.Set;

/** MCP protocol versions the simulated Genie speaks. */
final class McpVersions {

    private static final Set<String> KNOWN = Set.of("2025-11-25", "2025-06-18", "2025-03-26");

    private McpVersions() {
    }

    /** The client's version when known, else the newest. */
    static String answer(String asked) {
        return KNOWN.contains(asked) ? asked : "2025-11-25";
    }
}
