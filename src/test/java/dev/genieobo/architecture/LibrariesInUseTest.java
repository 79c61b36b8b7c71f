package dev.genieobo.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each library of the design card does work here (README "The libraries"). What
 * {@code ./mvnw dependency:analyze} cannot show: it lists every Quarkus extension as
 * "unused declared", because the code uses the libraries an extension brings and the
 * extension's build steps, never a class of the extension's own jar. So each library is
 * named here by what using it means (a JAX-RS resource that quarkus-rest serves, a REST
 * client that quarkus-rest-client builds, ...), and the test prints which classes do it.
 */
@Timeout(60)
class LibrariesInUseTest {

    record Library(String artifact, String use, boolean inTests, Predicate<JavaClass> user) {
        @Override
        public String toString() {
            return artifact;
        }
    }

    private static JavaClasses production;
    private static JavaClasses tests;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.genieobo");
        tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.genieobo");
    }

    static List<Library> designCard() {
        return List.of(
                new Library("quarkus-rest", "a JAX-RS resource class it serves", false,
                        c -> !c.isInterface() && c.isAnnotatedWith("jakarta.ws.rs.Path")),
                new Library("quarkus-rest-client-jackson", "a REST client built with QuarkusRestClientBuilder", false,
                        uses("io.quarkus.rest.client.reactive.")),
                new Library("quarkus-mcp-server-http", "the MCP server's API (tools, sessions, filters)", false,
                        uses("io.quarkiverse.mcp.server.")),
                new Library("quarkus-smallrye-jwt", "SmallRye JWT's token parser", false,
                        uses("io.smallrye.jwt.auth.principal.")),
                new Library("databricks-sdk-java", "the Databricks SDK's configuration and credentials", false,
                        uses("com.databricks.sdk.")),
                new Library("quarkus-junit5", "a @QuarkusTest", true,
                        c -> c.isAnnotatedWith("io.quarkus.test.junit.QuarkusTest")),
                new Library("rest-assured", "REST Assured's requests and checks", true, uses("io.restassured.")));
    }

    @ParameterizedTest
    @MethodSource("designCard")
    void isUsed(Library library) {
        List<String> users = (library.inTests() ? tests : production).stream().filter(library.user())
                .map(c -> c.getName().substring(c.getPackageName().length() + 1).replaceFirst("\\$.*", ""))
                .distinct().sorted().toList();
        System.out.printf("%s (%s): %d classes, e.g. %s%n", library.artifact(), library.use(), users.size(),
                users.subList(0, Math.min(4, users.size())));
        assertFalse(users.isEmpty(), library.artifact() + " is declared but nothing uses " + library.use());
    }

    private static Predicate<JavaClass> uses(String packagePrefix) {
        return c -> c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getName().startsWith(packagePrefix));
    }
}
