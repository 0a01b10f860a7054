package io.workflowdb.operator.cluster.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.patroni.PatroniConfigRenderer;
import io.workflowdb.operator.cluster.patroni.PatroniEnv;
import io.workflowdb.operator.cluster.patroni.PatroniLayout;
import io.workflowdb.operator.tls.ServedTls;

/**
 * The Patroni members: one pod per instance, each with its own volume. Pod name and IP reach Patroni
 * through the downward API, passwords through Secret references, and the config checksum annotation
 * rolls the pods when a setting that needs a restart changes.
 */
public final class PatroniStatefulSet {

    static final String CONFIG_MOUNT = "/etc/patroni";
    public static final String CONFIG_FILE = "patroni.yml";
    static final String DATA_VOLUME = "pgdata";
    /** Patroni's Kubernetes DCS reads the pod IP from here; the connect addresses are built from it. */
    static final String POD_IP = "PATRONI_KUBERNETES_POD_IP";
    /**
     * The pod IP with the etcd DCS: a name Patroni does not read, since any PATRONI_KUBERNETES_*
     * variable makes it configure the Kubernetes DCS as well.
     */
    static final String POD_IP_ETCD = "POD_IP";
    static final String ETCD_TLS_VOLUME = "etcd-tls";
    static final String TLS_VOLUME = "tls";
    /**
     * The TLS Secret's files: readable by the pod's group (the fsGroup) and root only, which PostgreSQL
     * accepts for a key file owned by root.
     */
    static final int TLS_FILE_MODE = 0640;

    private PatroniStatefulSet() {
    }

    static StatefulSet build(WorkflowDatabase db, ClusterSettings settings, PatroniLayout layout, String checksum,
            ServedTls tls) {
        WorkflowDatabaseSpec spec = db.getSpec();
        Map<String, String> podLabels = ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE);
        return new StatefulSetBuilder()
                .withNewMetadata().withName(ClusterNames.cluster(db)).withNamespace(ClusterNames.namespace(db))
                .withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withReplicas(ClusterDefaults.instances(spec))
                .withServiceName(ClusterNames.cluster(db))
                // Patroni, not start order, decides who leads; parallel start bootstraps faster
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels)
                .withAnnotations(Map.of(ClusterNames.CONFIG_CHECKSUM_ANNOTATION, checksum)).endMetadata()
                .withNewSpec()
                .withServiceAccountName(ClusterNames.patroni(db))
                .withTerminationGracePeriodSeconds(30L)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(settings.runAsUser())
                .withFsGroup(settings.fsGroup()).withNewSeccompProfile().withType(PodHardening.RUNTIME_DEFAULT)
                .endSeccompProfile().endSecurityContext()
                .withAffinity(PodPlacement.spreadAcrossNodes(ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE)))
                .withContainers(container(db, settings, layout, tls))
                .addNewVolume().withName("config").withNewConfigMap().withName(ClusterNames.patroni(db)).endConfigMap()
                .endVolume()
                .addNewVolume().withName("run").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .addAllToVolumes(etcdTlsVolumes(db))
                .addAllToVolumes(tlsVolumes(db, tls))
                .endSpec()
                .endTemplate()
                .withVolumeClaimTemplates(dataClaim(db))
                .endSpec().build();
    }

    private static Container container(WorkflowDatabase db, ClusterSettings settings, PatroniLayout layout,
            ServedTls tls) {
        String image = db.getSpec().image == null ? settings.patroniImage() : db.getSpec().image;
        String dataMount = Path.of(layout.dataDirectory()).getParent().toString();
        return new ContainerBuilder().withName("postgres").withImage(image)
                .withCommand("patroni", CONFIG_MOUNT + "/" + CONFIG_FILE)
                .addNewPort().withName("postgresql").withContainerPort(layout.postgresPort()).endPort()
                .addNewPort().withName("patroni").withContainerPort(layout.restApiPort()).endPort()
                .withEnv(env(db, layout, tls))
                .withResources(PodHardening.resources(db.getSpec().resources, PodHardening.DATABASE_REQUESTS,
                        PodHardening.DATABASE_LIMITS))
                .withReadinessProbe(probe("/readiness", layout.restApiPort(), 3, tls))
                .withLivenessProbe(probe("/liveness", layout.restApiPort(), 6, tls))
                .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(dataMount).endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath(CONFIG_MOUNT).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("run").withMountPath(layout.socketDirectory()).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addAllToVolumeMounts(etcdTlsMounts(db))
                .addAllToVolumeMounts(tlsVolumes(db, tls).isEmpty() ? List.of()
                        : List.of(new VolumeMountBuilder().withName(TLS_VOLUME).withMountPath(ServedTls.DIRECTORY)
                                .withReadOnly(true).build()))
                // the root filesystem is read-only: Patroni and PostgreSQL write to the data volume, the
                // socket directory and /tmp (the pgpass file) only
                .withSecurityContext(PodHardening.container())
                .build();
    }

    private static List<EnvVar> env(WorkflowDatabase db, PatroniLayout layout, ServedTls tls) {
        List<EnvVar> env = new ArrayList<>();
        env.add(fieldRef(PatroniEnv.NAME, "metadata.name"));
        String podIp = usesEtcd(db) ? POD_IP_ETCD : POD_IP;
        env.add(fieldRef(podIp, "status.podIP"));
        env.add(new EnvVarBuilder().withName(PatroniEnv.POSTGRESQL_CONNECT_ADDRESS)
                .withValue("$(" + podIp + "):" + layout.postgresPort()).build());
        // with TLS, members verify each other's REST API by name: the pod's name under the headless Service
        String restHost = tls.enabled()
                ? "$(" + PatroniEnv.NAME + ")." + ClusterNames.cluster(db) + "." + ClusterNames.namespace(db) + ".svc"
                : "$(" + podIp + ")";
        env.add(new EnvVarBuilder().withName(PatroniEnv.RESTAPI_CONNECT_ADDRESS)
                .withValue(restHost + ":" + layout.restApiPort()).build());
        env.add(secretRef(db, PatroniEnv.SUPERUSER_PASSWORD, Credentials.SUPERUSER));
        env.add(secretRef(db, PatroniEnv.REPLICATION_PASSWORD, Credentials.REPLICATION));
        env.add(secretRef(db, PatroniEnv.REWIND_PASSWORD, Credentials.REWIND));
        env.add(secretRef(db, PatroniEnv.RESTAPI_PASSWORD, Credentials.REST_API));
        String etcdCredentials = usesEtcd(db) ? db.getSpec().patroni.etcd.credentialsSecret : null;
        if (etcdCredentials != null) {
            env.add(new EnvVarBuilder().withName(PatroniEnv.ETCD3_PROTOCOL)
                    .withValue(PatroniConfigRenderer.etcdProtocol(db.getSpec())).build());
            env.add(secretRef(etcdCredentials, PatroniEnv.ETCD3_USERNAME, PatroniConfigRenderer.ETCD_USERNAME_KEY));
            env.add(secretRef(etcdCredentials, PatroniEnv.ETCD3_PASSWORD, PatroniConfigRenderer.ETCD_PASSWORD_KEY));
        }
        return env;
    }

    /** {@code spec.patroni.etcd.tlsSecret}, read-only at the paths patroni.yml names; owner-only files. */
    private static List<Volume> etcdTlsVolumes(WorkflowDatabase db) {
        String secret = usesEtcd(db) ? db.getSpec().patroni.etcd.tlsSecret : null;
        if (secret == null) {
            return List.of();
        }
        return List.of(new VolumeBuilder().withName(ETCD_TLS_VOLUME).withNewSecret().withSecretName(secret)
                .withDefaultMode(0400).endSecret().build());
    }

    /** The cluster's TLS Secret, read-only at the paths patroni.yml names. */
    static List<Volume> tlsVolumes(WorkflowDatabase db, ServedTls tls) {
        if (!tls.enabled()) {
            return List.of();
        }
        return List.of(new VolumeBuilder().withName(TLS_VOLUME).withNewSecret().withSecretName(ClusterNames.tlsSecret(db))
                .withDefaultMode(TLS_FILE_MODE).endSecret().build());
    }

    private static List<VolumeMount> etcdTlsMounts(WorkflowDatabase db) {
        return etcdTlsVolumes(db).isEmpty() ? List.of()
                : List.of(new VolumeMountBuilder().withName(ETCD_TLS_VOLUME)
                        .withMountPath(PatroniConfigRenderer.ETCD_TLS_DIRECTORY).withReadOnly(true).build());
    }

    private static boolean usesEtcd(WorkflowDatabase db) {
        var patroni = db.getSpec().patroni;
        return patroni != null && patroni.dcs == io.workflowdb.operator.api.v1alpha1.PatroniSpec.Dcs.ETCD;
    }

    private static EnvVar fieldRef(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }

    private static EnvVar secretRef(WorkflowDatabase db, String name, String key) {
        return secretRef(ClusterNames.credentialsSecret(db), name, key);
    }

    private static EnvVar secretRef(String secret, String name, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    /** Over HTTPS with TLS: the kubelet does not verify the certificate, but Patroni serves only HTTPS then. */
    private static Probe probe(String path, int port, int failureThreshold, ServedTls tls) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port))
                .withScheme(tls.enabled() ? "HTTPS" : "HTTP").endHttpGet()
                .withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(failureThreshold).build();
    }

    private static PersistentVolumeClaim dataClaim(WorkflowDatabase db) {
        WorkflowDatabaseSpec spec = db.getSpec();
        String storageClass = spec.storage == null ? null : spec.storage.storageClassName;
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(DATA_VOLUME)
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
                .withNewResources().withRequests(Map.of("storage", ClusterDefaults.storageSize(spec)))
                .endResources().endSpec().build();
    }
}
