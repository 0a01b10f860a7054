package io.workflowdb.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.WorkflowDatabaseRules;
import io.workflowdb.operator.maintenance.MaintenancePolicyRules;
import io.workflowdb.operator.partition.PartitionPolicyRules;
import io.workflowdb.operator.retention.RetentionPolicyRules;
import io.workflowdb.operator.validation.CorpusCase;
import io.workflowdb.operator.validation.CrdSchemas;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;

/**
 * The committed CRDs on a real kube-apiserver: schema validation and CEL messages as users see them,
 * and the whole invalid corpus. Runs where fabric8 kube-api-test finds or can download its binaries;
 * elsewhere (a machine without them and without the internet, CI included) it is skipped, and says so.
 */
class ApiServerCrdTest {

    /** The namespace the corpus files name. */
    private static final String CORPUS_NAMESPACE = "apps";
    private static final CrdSchemas SCHEMAS = new CrdSchemas();
    private static final ResourceValidator VALIDATOR = new ResourceValidator(SCHEMAS);
    /** Each kind read from what the API server stored and judged as the operator judges it. */
    private static final Map<String, Function<GenericKubernetesResource, List<Violation>>> OPERATOR = Map.of(
            "WorkflowDatabase", r -> VALIDATOR.validate(typed(r, WorkflowDatabase.class), WorkflowDatabaseRules::check),
            "PartitionPolicy", r -> VALIDATOR.validate(typed(r, PartitionPolicy.class), PartitionPolicyRules::check),
            "RetentionPolicy", r -> VALIDATOR.validate(typed(r, RetentionPolicy.class), RetentionPolicyRules::check),
            "MaintenancePolicy", r -> VALIDATOR.validate(typed(r, MaintenancePolicy.class), MaintenancePolicyRules::check));

    private static KubeAPIServer server;
    private static KubernetesClient client;
    private static String skipReason;

    @BeforeAll
    static void startApiServer() {
        try {
            server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig().withUpdateKubeConfig(false)
                    .withStartupTimeout(60_000).build());
            server.start();
        } catch (RuntimeException | Error e) {
            server = null;
            skipReason = "SKIPPED real-API-server CRD tests: fabric8 kube-api-test found no kube-apiserver/etcd "
                    + "binaries here and could not download them (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "). They run where the binaries are present (~/.kube_api_test) or downloadable.";
            System.out.println(skipReason);
            return;
        }
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
        for (String name : CrdFiles.NAMES) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                    .load(CrdFiles.COMMITTED.resolve(name).toFile()).item();
            client.resource(crd).serverSideApply();
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName(CORPUS_NAMESPACE).endMetadata().build())
                .serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().list().getItems().forEach(crd -> client.resource(crd)
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())),
                        30, java.util.concurrent.TimeUnit.SECONDS));
    }

    @AfterAll
    static void stopApiServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void examplesAreAccepted() throws java.io.IOException {
        Assumptions.assumeTrue(server != null, () -> skipReason);
        for (String example : new String[] { "retentionpolicy.yaml", "partition-policy-workflow-events.yaml",
                "maintenancepolicy.yaml" }) {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of("examples", example))) {
                client.load(in).inNamespace("default").createOrReplace();
            }
        }
        assertThat(client.genericKubernetesResources("workflowdb.io/v1alpha1", "RetentionPolicy").inNamespace("default")
                .list().getItems()).isNotEmpty();
    }

    @Test
    void celRulesAnswerWithTheirMessages() {
        Assumptions.assumeTrue(server != null, () -> skipReason);
        String yaml = """
                apiVersion: workflowdb.io/v1alpha1
                kind: PartitionPolicy
                metadata: {name: both, namespace: default}
                spec:
                  databaseRef: {name: workflow-db}
                  table: workflow_events
                  column: occurred_at
                  range: {interval: month}
                  hash: {modulus: 4}
                """;
        assertCreateRefused(yaml, "set exactly one of range or hash");
    }

    @Test
    void identifierPatternRejectsInjection() {
        Assumptions.assumeTrue(server != null, () -> skipReason);
        String yaml = """
                apiVersion: workflowdb.io/v1alpha1
                kind: RetentionPolicy
                metadata: {name: inject, namespace: default}
                spec:
                  databaseRef: {name: workflow-db}
                  table: "tasks; DROP TABLE x"
                  timestampColumn: completed_at
                  olderThan: 90d
                  action: delete
                """;
        assertCreateRefused(yaml, "spec.table");
    }

    private void assertCreateRefused(String yaml, String message) {
        assertThatThrownBy(() -> client.load(new java.io.ByteArrayInputStream(yaml.getBytes())).create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining(message);
    }

    static Stream<CorpusCase> corpus() {
        return CorpusCase.all().stream();
    }

    /**
     * Each file of the invalid corpus, created as {@code kubectl apply} creates it (strict field
     * validation): what the CRD schema refuses is refused at admission, naming the field; the rest is
     * stored, and the operator, judging what the API server stored, names the field (as
     * InvalidCorpusFlowTest shows on the mock API server).
     */
    @ParameterizedTest
    @MethodSource("corpus")
    void eachInvalidResourceIsRefusedAtAdmissionOrByTheOperatorNamingItsField(CorpusCase c) {
        Assumptions.assumeTrue(server != null, () -> skipReason);
        GenericKubernetesResource resource = client.getKubernetesSerialization().convertValue(c.resource(),
                GenericKubernetesResource.class);
        boolean schemaRefuses = !SCHEMAS.forKind(c.kind()).orElseThrow().validateSpec(c.resource()).isEmpty();
        var operation = client.genericKubernetesResources(resource.getApiVersion(), c.kind()).inNamespace(CORPUS_NAMESPACE)
                .resource(resource).fieldValidation(FieldValidateable.Validation.STRICT);
        if (schemaRefuses) {
            assertThatThrownBy(operation::create).as(c + " is refused at admission")
                    .isInstanceOf(KubernetesClientException.class).hasMessageContaining(c.field());
            return;
        }
        GenericKubernetesResource stored = operation.create();
        assertThat(OPERATOR.get(c.kind()).apply(stored)).as(c + " as stored, judged by the operator")
                .extracting(Violation::field).contains(c.field());
    }

    private static <T extends HasMetadata> T typed(GenericKubernetesResource stored, Class<T> type) {
        return client.getKubernetesSerialization().convertValue(stored, type);
    }
}
