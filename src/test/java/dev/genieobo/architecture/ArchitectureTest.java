package dev.genieobo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.genieobo.mcp.McpClient;
import dev.genieobo.mcp.McpException;
import dev.genieobo.upstream.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flow of docs/architecture.md, enforced on the production classes (target/classes): api ->
 * identity -> agent -> {llm, genie -> mcp}, with upstream, runtime and telemetry under
 * them all. No package cycles; the simulated workspace is used by no production class;
 * the LLM and Genie rooms know nothing of each other; the MCP client knows no caller
 * credential type; identity knows neither Genie's nor the LLM's configuration; the API
 * speaks the agent's types, not the LLM's. Inside the rooms: the MCP client is generic
 * MCP (Databricks' error bodies are read by the genie package, in one class), its
 * transport knows no JSON-RPC session and its session no HTTP; only the genie opener
 * opens MCP sessions; one class draws a backoff's jitter; no production source file is
 * over 300 lines.
 */
@Timeout(60)
class ArchitectureTest {

    /** The longest a production source file may be; a file's nested classes count with it. */
    private static final int MAX_LINES = 300;

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.genieobo");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.genieobo.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void noProductionClassUsesTheSimulatedWorkspace() {
        noClasses().that().resideOutsideOfPackage("dev.genieobo.workspace..")
                .should().dependOnClassesThat().resideInAPackage("dev.genieobo.workspace..").check(production);
    }

    @Test
    void theLlmAndGenieRoomsKnowNothingOfEachOther() {
        noClasses().that().resideInAPackage("dev.genieobo.llm..")
                .should().dependOnClassesThat().resideInAPackage("dev.genieobo.genie..").check(production);
        noClasses().that().resideInAPackage("dev.genieobo.genie..")
                .should().dependOnClassesThat().resideInAPackage("dev.genieobo.llm..").check(production);
    }

    @Test
    void theMcpClientKnowsNoCallerIdentity() {
        noClasses().that().resideInAPackage("dev.genieobo.mcp..")
                .should().dependOnClassesThat().resideInAPackage("dev.genieobo.identity..").check(production);
    }

    @Test
    void identityKnowsNeitherGenieNorTheLlm() {
        noClasses().that().resideInAPackage("dev.genieobo.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.genieobo.genie..", "dev.genieobo.llm..",
                        "dev.genieobo.agent..", "dev.genieobo.api..")
                .check(production);
    }

    @Test
    void theApiSpeaksTheAgentsTypesNotTheLlms() {
        noClasses().that().resideInAPackage("dev.genieobo.api..")
                .should().dependOnClassesThat().resideInAPackage("dev.genieobo.llm..").check(production);
    }

    @Test
    void theLlmNeverSeesAUserCredentialAndGenieNeverTheSystemIdentity() {
        noClasses().that().resideInAPackage("dev.genieobo.llm..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.genieobo.identity.UserCredential")
                .check(production);
        noClasses().that().resideInAnyPackage("dev.genieobo.genie..", "dev.genieobo.mcp..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.genieobo.identity.SystemIdentity")
                .check(production);
    }

    @Test
    void theSharedRoomsDependOnNoRoomAboveThem() {
        noClasses().that().resideInAnyPackage("dev.genieobo.upstream..", "dev.genieobo.runtime..",
                "dev.genieobo.telemetry..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.genieobo.api..", "dev.genieobo.identity..",
                        "dev.genieobo.agent..", "dev.genieobo.genie..", "dev.genieobo.llm..", "dev.genieobo.mcp..",
                        "dev.genieobo.mcpserver..", "dev.genieobo.health..")
                .check(production);
    }

    @Test
    void theMcpClientIsGenericMcpAndKnowsNothingOfDatabricks() throws IOException {
        noClasses().that().resideInAPackage("dev.genieobo.mcp..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.genieobo.genie..", "dev.genieobo.mcpserver..",
                        "dev.genieobo.agent..", "dev.genieobo.api..", "dev.genieobo.llm..")
                .check(production);
        try (Stream<Path> sources = Files.list(sourceRoot().resolve("dev/genieobo/mcp"))) {
            List<Path> databricks = sources.filter(file -> read(file).contains("error_code")).toList();
            assertEquals(List.of(), databricks, "Databricks' error bodies are read in the genie package");
        }
    }

    @Test
    void databricksErrorBodiesAreReadInOnePlace() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.genieobo.genie.DatabricksError")
                .and().resideOutsideOfPackage("dev.genieobo.mcp..")
                .should().callMethod(McpException.Http.class, "body")
                .check(production);
    }

    @Test
    void theMcpTransportKnowsNoSessionAndTheSessionNoHttp() {
        noClasses().that().haveFullyQualifiedName("dev.genieobo.mcp.StreamableHttp")
                .or().haveFullyQualifiedName("dev.genieobo.mcp.ReplyReader")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.genieobo.mcp.McpSession")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.genieobo.mcp.McpClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.genieobo.mcp.McpTool")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.genieobo.mcp.ToolResult")
                .check(production);
        noClasses().that().haveFullyQualifiedName("dev.genieobo.mcp.McpSession")
                .should().dependOnClassesThat().resideInAPackage("io.vertx..")
                .check(production);
    }

    @Test
    void onlyTheGenieOpenerOpensMcpSessions() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.genieobo.genie.GenieSessionOpener")
                .and().resideOutsideOfPackage("dev.genieobo.mcp..")
                .should().callMethod(McpClient.class, "connect", String.class, Supplier.class, Deadline.class,
                        String.class)
                .check(production);
    }

    @Test
    void onlyRetryPolicyDrawsABackoffsJitter() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.genieobo.upstream.RetryPolicy")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.random..")
                .orShould().callMethod(Math.class, "random")
                .check(production);
    }

    @Test
    void noProductionSourceFileIsOver300Lines() throws IOException {
        Path root = sourceRoot();
        List<String> tooLong;
        int files;
        try (Stream<Path> sources = Files.walk(root)) {
            List<Path> java = sources.filter(file -> file.toString().endsWith(".java")).toList();
            files = java.size();
            tooLong = java.stream()
                    .filter(file -> read(file).lines().count() > MAX_LINES)
                    .map(file -> root.relativize(file) + " (" + read(file).lines().count() + " lines)")
                    .toList();
        }
        assertTrue(files > 100, "read the production sources in " + root + " (" + files + " files)");
        assertEquals(List.of(), tooLong, "one concept per class: at most " + MAX_LINES + " lines per source file");
    }

    /** src/main/java of this project (surefire runs in the project's directory and says so in basedir). */
    private static Path sourceRoot() {
        Path root = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "main", "java");
        assertTrue(Files.isDirectory(root.resolve("dev/genieobo")), "no production sources at " + root);
        return root;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
