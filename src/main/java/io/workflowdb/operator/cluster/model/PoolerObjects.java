package io.workflowdb.operator.cluster.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerLayout;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerUserList;
import io.workflowdb.operator.cluster.pgbouncer.RenderedPgBouncer;

/**
 * The PgBouncer pooler: its rendered pgbouncer.ini, the userlist Secret holding only the auth user
 * (every other password is looked up with auth_query), the pods, and the {@code <name>-pooler}
 * Service that applications use on the usual PostgreSQL port.
 */
final class PoolerObjects {

    static final String INI_FILE = "pgbouncer.ini";
    static final String CONFIG_MOUNT = "/etc/pgbouncer/config";
    static final int SERVICE_PORT = 5432;

    private PoolerObjects() {
    }

    static ConfigMap configMap(WorkflowDatabase db, RenderedPgBouncer rendered) {
        return new ConfigMapBuilder().withNewMetadata().withName(ClusterNames.pooler(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_POOLER)).endMetadata()
                .withData(Map.of(INI_FILE, rendered.ini())).build();
    }

    static Secret authSecret(WorkflowDatabase db, Credentials credentials, PgBouncerLayout layout) {
        String userList = PgBouncerUserList.render(Map.of(ClusterDefaults.POOLER_AUTH_USER, credentials.get(Credentials.POOLER)));
        return new SecretBuilder().withNewMetadata().withName(ClusterNames.poolerAuthSecret(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_POOLER)).endMetadata()
                .withType("Opaque")
                .withData(Map.of(Path.of(layout.authFile()).getFileName().toString(), Credentials.encode(userList)))
                .build();
    }

    /** The pod template carries the server certificate's serial: PgBouncer reads its files at start only. */
    static final String TLS_SERIAL_ANNOTATION = "workflowdb.io/tls-serial";

    static Deployment deployment(WorkflowDatabase db, ClusterSettings settings, PgBouncerLayout layout,
            RenderedPgBouncer rendered, ClusterTls tls) {
        Map<String, String> labels = ClusterNames.labels(db, ClusterNames.COMPONENT_POOLER);
        Map<String, String> annotations = new java.util.TreeMap<>(Map.of(ClusterNames.CONFIG_CHECKSUM_ANNOTATION,
                rendered.checksum()));
        if (tls.served().enabled() && tls.serverSerial() != null) {
            annotations.put(TLS_SERIAL_ANNOTATION, tls.serverSerial());
        }
        List<io.fabric8.kubernetes.api.model.VolumeMount> tlsMounts = tls.served().enabled()
                ? List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(PatroniStatefulSet.TLS_VOLUME)
                        .withMountPath(layout.tlsDirectory()).withReadOnly(true).build())
                : List.of();
        return new DeploymentBuilder().withNewMetadata().withName(ClusterNames.pooler(db))
                .withNamespace(ClusterNames.namespace(db)).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(ClusterDefaults.poolerInstances(db.getSpec()))
                .withNewSelector().withMatchLabels(ClusterNames.selector(db, ClusterNames.COMPONENT_POOLER)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                // the group that may read the TLS key
                .withNewSecurityContext().withRunAsNonRoot(true).withFsGroup(settings.fsGroup()).withNewSeccompProfile()
                .withType(PodHardening.RUNTIME_DEFAULT).endSeccompProfile().endSecurityContext()
                .withAffinity(PodPlacement.spreadAcrossNodes(ClusterNames.selector(db, ClusterNames.COMPONENT_POOLER)))
                .addNewContainer().withName("pgbouncer").withImage(settings.poolerImage())
                .withCommand("pgbouncer", CONFIG_MOUNT + "/" + INI_FILE)
                .addNewPort().withName("pgbouncer").withContainerPort(layout.listenPort()).endPort()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(layout.listenPort())).endTcpSocket()
                .withPeriodSeconds(5).endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(layout.listenPort())).endTcpSocket()
                .withPeriodSeconds(10).withFailureThreshold(6).endLivenessProbe()
                .addNewVolumeMount().withName("config").withMountPath(CONFIG_MOUNT).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("auth").withMountPath(Path.of(layout.authFile()).getParent().toString())
                .withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addAllToVolumeMounts(tlsMounts)
                .withResources(PodHardening.resources(null, PodHardening.POOLER_REQUESTS, PodHardening.POOLER_LIMITS))
                // read-only root: PgBouncer logs to stderr, keeps no pid file and no Unix socket
                .withSecurityContext(PodHardening.container())
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName(ClusterNames.pooler(db)).endConfigMap()
                .endVolume()
                .addNewVolume().withName("auth").withNewSecret().withSecretName(ClusterNames.poolerAuthSecret(db))
                .endSecret().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .addAllToVolumes(PatroniStatefulSet.tlsVolumes(db, tls.served()))
                .endSpec().endTemplate().endSpec().build();
    }

    static Service service(WorkflowDatabase db, PgBouncerLayout layout) {
        return new ServiceBuilder().withNewMetadata().withName(ClusterNames.pooler(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_POOLER)).endMetadata()
                .withNewSpec().withType("ClusterIP")
                .withSelector(ClusterNames.selector(db, ClusterNames.COMPONENT_POOLER))
                .withPorts(ClusterServices.port("postgresql", SERVICE_PORT, layout.listenPort())).endSpec().build();
    }
}
