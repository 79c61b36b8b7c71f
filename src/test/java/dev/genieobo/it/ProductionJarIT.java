package dev.genieobo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a production build ({@code ./mvnw package}, no {@code -Dsim}) ships: every jar
 * of target/quarkus-app read entry by entry. No class of the simulated workspace, not
 * its page or configuration, and nowhere the demo service principal's secret; and the
 * aot-jar layout the JVM image's AOT cache needs.
 */
@Timeout(120)
class ProductionJarIT {

    private static final Path APP = Path.of("target/quarkus-app");
    private static final byte[] SIM_SECRET = "sim-secret-not-for-production".getBytes(StandardCharsets.US_ASCII);

    private static List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.walk(APP)) {
            return files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
    }

    @Test
    void theProductionJarHoldsNoSimulatorAndNoSimulatorSecret() throws IOException {
        List<Path> jars = jars();
        assertTrue(jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("genie-obo")),
                "the application's own jar is there: " + jars);
        List<String> found = new ArrayList<>();
        long classes = 0;
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    String name = entry.getName();
                    if (name.startsWith("dev/genieobo/")) {
                        classes++;
                    }
                    if (name.startsWith("dev/genieobo/workspace/") || name.endsWith("watch.html")) {
                        found.add(jar.getFileName() + "!" + name);
                    }
                    if (!entry.isDirectory() && contains(zip.getInputStream(entry), SIM_SECRET)) {
                        found.add(jar.getFileName() + "!" + name + " (holds the simulator's secret)");
                    }
                }
            }
        }
        assertTrue(classes > 50, "the scan saw the application's classes: " + classes);
        assertEquals(List.of(), found, "simulator parts in the production build");
    }

    /**
     * The layout the JVM image's AOT cache needs: Quarkus' AOT entry point, every class on the
     * JVM's own class path. Under the default fast-jar layout the application's classes come from
     * Quarkus' RunnerClassLoader, which no AOT cache holds, and the image's start is a third
     * slower with its cache (docs/performance.md, "The JVM image's AOT cache").
     */
    @Test
    void theProductionJarIsLaidOutForTheAotCache() throws IOException {
        try (JarFile runner = new JarFile(APP.resolve("quarkus-run.jar").toFile())) {
            Attributes main = runner.getManifest().getMainAttributes();
            assertEquals("io.quarkus.bootstrap.runner.AotQuarkusEntryPoint", main.getValue("Main-Class"));
            String classPath = main.getValue("Class-Path");
            assertTrue(classPath.contains("app/genie-obo-") && classPath.contains("lib/main/"),
                    "the application's and its libraries' jars on the class path: " + classPath);
        }
    }

    private static boolean contains(InputStream in, byte[] needle) throws IOException {
        try (in) {
            byte[] bytes = in.readAllBytes();
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
