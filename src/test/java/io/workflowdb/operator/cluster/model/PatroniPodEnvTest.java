package io.workflowdb.operator.cluster.model;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

import static io.workflowdb.operator.cluster.model.ModelFixtures.desired;
import static io.workflowdb.operator.cluster.model.ModelFixtures.example;
import static io.workflowdb.operator.cluster.model.ModelFixtures.withEtcd;
import static org.assertj.core.api.Assertions.assertThat;

/** The Patroni container's environment names the pod IP so that only the chosen DCS is configured. */
class PatroniPodEnvTest {

    @Test
    void theKubernetesDcsReadsThePodIpFromItsOwnVariable() throws Exception {
        Map<String, String> env = env(example());
        assertThat(env).containsEntry("PATRONI_KUBERNETES_POD_IP", "status.podIP")
                .containsEntry("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "$(PATRONI_KUBERNETES_POD_IP):5432");
    }

    @Test
    void withEtcdNoPatroniKubernetesVariableIsSet() throws Exception {
        WorkflowDatabase db = withEtcd(example());

        Map<String, String> env = env(db);

        assertThat(env.keySet()).noneMatch(name -> name.startsWith("PATRONI_KUBERNETES_"));
        assertThat(env).containsEntry("POD_IP", "status.podIP")
                .containsEntry("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "$(POD_IP):5432")
                // with TLS members verify each other's REST API by the pod's DNS name
                .containsEntry("PATRONI_RESTAPI_CONNECT_ADDRESS", "$(PATRONI_NAME).workflow-db.apps.svc:8008");
    }

    @Test
    void etcdCredentialsComeFromTheirSecretAndCertificatesFromAVolume() throws Exception {
        WorkflowDatabase db = withEtcd(example());
        db.getSpec().patroni.etcd.credentialsSecret = "etcd-user";
        db.getSpec().patroni.etcd.tlsSecret = "etcd-tls";
        DesiredCluster desired = desired(db);
        var pod = desired.statefulSet().getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);

        assertThat(env(db)).containsEntry("PATRONI_ETCD3_PROTOCOL", "https");
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("PATRONI_ETCD3_USERNAME")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("etcd-user");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("username");
                });
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("PATRONI_ETCD3_PASSWORD")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("etcd-user");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
                });
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("etcd-tls")).singleElement()
                .satisfies(v -> {
                    assertThat(v.getSecret().getSecretName()).isEqualTo("etcd-tls");
                    assertThat(v.getSecret().getDefaultMode()).isEqualTo(0400);
                });
        assertThat(container.getVolumeMounts()).filteredOn(m -> m.getName().equals("etcd-tls")).singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/patroni-etcd-tls");
                    assertThat(m.getReadOnly()).isTrue();
                });
        String patroniYml = desired.patroniConfig().getData().get("patroni.yml");
        assertThat(patroniYml).contains("cacert: \"/etc/patroni-etcd-tls/ca.crt\"", "namespace: \"/workflowdb/")
                .doesNotContain("etcd-user", "password:");
    }

    @Test
    void withoutEtcdSecretsNothingEtcdIsAdded() throws Exception {
        WorkflowDatabase db = withEtcd(example());
        var pod = desired(db).statefulSet()
                .getSpec().getTemplate().getSpec();

        assertThat(env(db).keySet()).noneMatch(name -> name.startsWith("PATRONI_ETCD3_"));
        assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("etcd-tls"));
    }

    /** Each variable with its value, or the pod field it comes from. */
    private static Map<String, String> env(WorkflowDatabase db) {
        List<EnvVar> env = desired(db).statefulSet()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        env.forEach(e -> byName.put(e.getName(), e.getValue() != null ? e.getValue()
                : e.getValueFrom().getFieldRef() != null ? e.getValueFrom().getFieldRef().getFieldPath() : "secret"));
        return byName;
    }
}
