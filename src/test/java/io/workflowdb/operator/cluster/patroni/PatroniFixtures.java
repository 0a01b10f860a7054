package io.workflowdb.operator.cluster.patroni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/** The two golden inputs and how the tests turn a WorkflowDatabase into renderer input. */
final class PatroniFixtures {

    static final Path EXAMPLE = Path.of("examples/workflowdatabase.yaml");
    static final Path MAXIMAL = Path.of("src/test/resources/render/workflowdatabase-maximal.yaml");

    /** Stands in for the labels the Kubernetes side puts on the pods. */
    static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "workflowdatabase",
            "app.kubernetes.io/managed-by", "workflowdb-operator");

    /** The rules the operator puts before the user's in pg_hba, in this order. */
    static final List<String> OPERATOR_HBA = List.of(
            "local all all scram-sha-256",
            "hostssl replication replicator all scram-sha-256",
            "hostssl postgres rewind_user all scram-sha-256",
            "hostssl all postgres all cert",
            "host all postgres all reject");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PatroniFixtures() {
    }

    static WorkflowDatabase read(Path file) {
        try {
            return YAML.readValue(file.toFile(), WorkflowDatabase.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PatroniRenderInput input(WorkflowDatabase resource) {
        Integer version = resource.getSpec().postgresVersion;
        return new PatroniRenderInput(resource.getMetadata().getName(), resource.getMetadata().getNamespace(), LABELS,
                resource.getSpec(),
                PatroniLayout.forVersion(version == null ? PatroniLayout.DEFAULT_POSTGRES_VERSION : version));
    }

    /** The whole pg_hba the renderer writes: the operator's rules, then {@code clientRules}. */
    static List<String> hbaWith(String... clientRules) {
        List<String> rules = new ArrayList<>(OPERATOR_HBA);
        rules.addAll(List.of(clientRules));
        return rules;
    }

    static RenderedPatroni render(Path file) {
        return PatroniConfigRenderer.render(input(read(file)));
    }
}
