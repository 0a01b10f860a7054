package io.workflowdb.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs after packaging, when the build has written target/kubernetes/kubernetes.yml from the
 * reconcilers' annotations: the chart grants exactly what the build derives, and deploys the image
 * the build names.
 */
class HelmChartDriftIT {

    static final Path GENERATED = Path.of("target/kubernetes/kubernetes.yml");

    static Rendered generated;
    static Rendered chart;

    @BeforeAll
    static void render() throws IOException {
        Helm helm = Helm.require();
        assertThat(GENERATED).as("the build's manifests (./mvnw package)").exists();
        generated = Rendered.parse(Files.readString(GENERATED));
        chart = helm.template();
    }

    @Test
    void theChartsClusterRolesGrantExactlyWhatTheBuildDerivesFromTheReconcilers() {
        Set<String> derived = generated.clusterRoleGrants();
        Set<String> granted = chart.clusterRoleGrants();
        assertThat(derived).as("the build generated ClusterRoles").isNotEmpty();
        Set<String> missing = new TreeSet<>(derived);
        missing.removeAll(granted);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(derived);
        assertThat(missing).as("rules the reconcilers need that templates/clusterrole.yaml lacks").isEmpty();
        assertThat(extra).as("rules templates/clusterrole.yaml grants that no reconciler declares").isEmpty();
    }

    @Test
    void beyondThoseTheChartGrantsOnlyItsLease() {
        assertThat(chart.ofKind("Role")).singleElement().satisfies(role -> assertThat(Rendered.grants(role.path("rules")))
                .allMatch(g -> g.startsWith("coordination.k8s.io leases ")));
        assertThat(chart.ofKind("ClusterRoleBinding")).extracting(b -> b.path("roleRef").path("kind").asText())
                .containsOnly("ClusterRole");
        Set<String> boundRoles = new TreeSet<>();
        chart.ofKind("ClusterRoleBinding").forEach(b -> boundRoles.add(b.path("roleRef").path("name").asText()));
        Set<String> chartRoles = new TreeSet<>();
        chart.ofKind("ClusterRole").forEach(r -> chartRoles.add(r.path("metadata").path("name").asText()));
        assertThat(boundRoles).as("no built-in role such as view is bound").isEqualTo(chartRoles);
    }

    @Test
    void theChartsDefaultImageIsTheImageTheBuildNames() {
        JsonNode built = generated.ofKind("Deployment").get(0).path("spec").path("template").path("spec")
                .path("containers").get(0).path("image");
        assertThat(HelmChartTest.container(chart).getImage()).isEqualTo(built.asText());
    }
}
