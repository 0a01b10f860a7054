package io.workflowdb.operator;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package layering docs/development.md states, held in the build. Each top-level package may use
 * only the packages listed for it; everything else of the project is out of bounds.
 *
 * <ul>
 * <li>Foundation: {@code api}, {@code tls} and {@code config} (the operator's settings) use no project package; {@code sql} only {@code tls}
 * (its connections carry the TLS factory's properties); {@code schedule} only {@code api} (the
 * duration pattern the CRD declares).
 * <li>Shared plumbing: {@code status} (conditions, status patches, Events) and {@code connection}
 * (the route from a WorkflowDatabase to its DataSource) on the API; {@code validation} on the API and schedules;
 * {@code policy} (the gate and events every policy reconciler shares) on those.
 * <li>Capabilities ({@code schema}, {@code partition}, {@code retention}, {@code maintenance},
 * {@code health}, {@code cluster}) use the layers below and never a sibling, except the intended
 * arrows: {@code cluster} applies the schema and starts health sampling of the databases it runs.
 * <li>Nothing imports {@code cli}; {@code deploy} (operator wiring) uses only {@code config}.
 * </ul>
 */
class LayeringTest {

    private static final String ROOT = "io.workflowdb.operator.";
    private static final List<String> PACKAGES = List.of("api", "tls", "sql", "schedule", "config", "status", "connection",
            "validation", "policy", "schema", "partition", "retention", "maintenance", "health", "cluster", "cli", "deploy");
    private static final List<String> BELOW_CAPABILITIES = List.of("api", "tls", "sql", "schedule", "config",
            "status", "connection", "validation", "policy");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.workflowdb.operator");
    }

    @Test
    void theFoundationUsesNoCapability() {
        allowedOnly("api");
        allowedOnly("tls");
        allowedOnly("sql", "tls");
        allowedOnly("schedule", "api");
        allowedOnly("config");
        allowedOnly("deploy", "config");
    }

    @Test
    void theSharedPlumbingUsesOnlyWhatIsBelowIt() {
        allowedOnly("status", "api");
        allowedOnly("connection", "api");
        allowedOnly("validation", "api", "schedule");
        allowedOnly("policy", "api", "schedule", "status", "validation");
    }

    @Test
    void capabilitiesNeverUseASiblingBeyondTheIntendedArrows() {
        for (String capability : List.of("schema", "partition", "retention", "maintenance", "health")) {
            allowedOnly(capability, BELOW_CAPABILITIES.toArray(String[]::new));
        }
        Set<String> cluster = new LinkedHashSet<>(BELOW_CAPABILITIES);
        cluster.addAll(List.of("schema", "health"));
        allowedOnly("cluster", cluster.toArray(String[]::new));
    }

    /**
     * {@code cluster.model} is the desired state only: it reads nothing of the running cluster, holds
     * no client and opens no connection. Of {@code cluster.access} it uses the generated passwords it
     * renders into the objects.
     */
    @Test
    void theClusterModelDoesNoIo() {
        noClasses().that().resideInAPackage(ROOT + "cluster.model..").should().dependOnClassesThat(
                resideInAnyPackage(ROOT + "cluster.observe..", ROOT + "cluster.dependent..", "io.fabric8.kubernetes.client..",
                        "java.sql..", "javax.sql..", "java.net.http..")
                        .or(resideInAPackage(ROOT + "cluster.access..").and(not(simpleName("Credentials")))))
                .because("cluster.model renders objects and nothing else").check(classes);
    }

    @Test
    void nothingUsesTheCommandLine() {
        noClasses().that().resideOutsideOfPackage(ROOT + "cli..").should().dependOnClassesThat()
                .resideInAPackage(ROOT + "cli..").check(classes);
    }

    /** Classes of {@code owner} depend on no project package but {@code allowed} (and their own). */
    private static void allowedOnly(String owner, String... allowed) {
        Set<String> forbidden = new LinkedHashSet<>(PACKAGES);
        forbidden.remove(owner);
        Arrays.asList(allowed).forEach(forbidden::remove);
        noClasses().that().resideInAPackage(ROOT + owner + "..").should().dependOnClassesThat()
                .resideInAnyPackage(forbidden.stream().map(p -> ROOT + p + "..").toArray(String[]::new))
                .because(owner + " may use only " + (allowed.length == 0 ? "no project package" : String.join(", ", allowed)))
                .check(classes);
    }
}
