package io.workflowdb.operator.cluster.patroni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.api.v1alpha1.EtcdSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec.SynchronousMode;
import io.workflowdb.operator.api.v1alpha1.PostgresqlSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;

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

    /** The layout the spec-level renderer tests render with. */
    static final PatroniLayout LAYOUT = PatroniLayout.forVersion(16);

    /** Renders a spec of the database workflow-db in namespace apps. */
    static RenderedPatroni render(WorkflowDatabaseSpec spec) {
        return PatroniConfigRenderer.render(new PatroniRenderInput("workflow-db", "apps", LABELS, spec, LAYOUT));
    }

    /** The PostgreSQL parameters rendered for {@code user}'s. */
    static Map<String, String> parameters(Map<String, String> user) {
        return render(spec(s -> s.postgresql.parameters = user)).config().bootstrap().dcs().postgresql().parameters();
    }

    /** A spec with a {@code postgresql} section, changed by {@code change}. */
    static WorkflowDatabaseSpec spec(Consumer<WorkflowDatabaseSpec> change) {
        WorkflowDatabaseSpec spec = new WorkflowDatabaseSpec();
        spec.postgresql = new PostgresqlSpec();
        change.accept(spec);
        return spec;
    }

    static WorkflowDatabaseSpec synchronous(SynchronousMode mode, Integer nodeCount) {
        return spec(s -> {
            s.instances = 3;
            s.patroni = new PatroniSpec();
            s.patroni.synchronousMode = mode;
            s.patroni.synchronousNodeCount = nodeCount;
        });
    }

    static WorkflowDatabaseSpec etcd(String... hosts) {
        return spec(s -> {
            s.patroni = new PatroniSpec();
            s.patroni.dcs = PatroniSpec.Dcs.ETCD;
            s.patroni.etcd = new EtcdSpec();
            s.patroni.etcd.hosts = List.of(hosts);
        });
    }
}
