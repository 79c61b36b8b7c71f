package dev.genieobo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flow of docs/architecture.md, enforced on the production classes (target/classes): api ->
 * identity -> agent -> {llm, genie -> mcp}, with upstream, runtime and telemetry under
 * them all. No package cycles; the simulated workspace is used by no production class;
 * the LLM and Genie rooms know nothing of each other; the MCP client knows no caller
 * credential type; identity knows neither Genie's nor the LLM's configuration; the API
 * speaks the agent's types, not the LLM's.
 */
@Timeout(60)
class ArchitectureTest {

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
}
