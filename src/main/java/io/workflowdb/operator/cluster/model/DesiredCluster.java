package io.workflowdb.operator.cluster.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.patroni.EtcdKeySpace;
import io.workflowdb.operator.cluster.patroni.PatroniConfigRenderer;
import io.workflowdb.operator.cluster.patroni.PatroniLayout;
import io.workflowdb.operator.cluster.patroni.PatroniRenderInput;
import io.workflowdb.operator.cluster.patroni.RenderedPatroni;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerConfigRenderer;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerLayout;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerRenderInput;
import io.workflowdb.operator.cluster.pgbouncer.PoolerAuthSql;
import io.workflowdb.operator.cluster.pgbouncer.RenderedPgBouncer;

/**
 * Every object a managed WorkflowDatabase should have, computed once per reconcile from the
 * resource, its credentials and the operator's settings. Pure: the reconciler's dependent resources
 * and the offline {@code render} command both take their objects from here. The pooler objects are
 * null when the pooler is off.
 */
public record DesiredCluster(ServiceAccount serviceAccount, Role role, RoleBinding roleBinding,
        ConfigMap patroniConfig, StatefulSet statefulSet, Service headlessService, Service primaryService,
        Service replicasService, PodDisruptionBudget disruptionBudget, ConfigMap poolerConfig, Secret poolerAuth,
        Deployment pooler, Service poolerService, Secret appSecret, NetworkPolicy networkPolicy, RenderedPatroni patroni,
        RenderedPgBouncer pgbouncer) {

    /** Key of the current reconcile's DesiredCluster in the JOSDK workflow context. */
    public static final String CONTEXT_KEY = "workflowdb.desired-cluster";

    /**
     * A new cluster as rendered offline: with the etcd DCS its keys live in the namespaced key space,
     * and it serves TLS as its spec says, with certificates the operator issues when it runs.
     */
    public static DesiredCluster of(WorkflowDatabase db, Credentials credentials, ClusterSettings settings) {
        return of(db, credentials, settings, EtcdKeySpace.NAMESPACED,
                ClusterTls.withoutCertificates(ClusterTls.served(db.getSpec(), null, settings.tlsDefault())));
    }

    /**
     * @param keySpace where this cluster's etcd keys live: {@link EtcdKeySpace#of} its current patroni.yml
     * @param tls      what it serves and the certificates its objects refer to
     */
    public static DesiredCluster of(WorkflowDatabase db, Credentials credentials, ClusterSettings settings,
            EtcdKeySpace keySpace, ClusterTls tls) {
        PatroniLayout layout = PatroniLayout.forVersion(ClusterDefaults.postgresVersion(db.getSpec()));
        RenderedPatroni patroni = PatroniConfigRenderer.render(new PatroniRenderInput(ClusterNames.cluster(db),
                ClusterNames.namespace(db), ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE), db.getSpec(),
                layout, keySpace, tls.served()));
        ConfigMap patroniConfig = new ConfigMapBuilder().withNewMetadata().withName(ClusterNames.patroni(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withData(Map.of(PatroniStatefulSet.CONFIG_FILE, patroni.yaml())).build();

        RenderedPgBouncer pgbouncer = null;
        ConfigMap poolerConfig = null;
        Secret poolerAuth = null;
        Deployment pooler = null;
        Service poolerService = null;
        if (ClusterDefaults.poolerEnabled(db.getSpec())) {
            PgBouncerLayout poolerLayout = PgBouncerLayout.defaults();
            pgbouncer = PgBouncerConfigRenderer.render(new PgBouncerRenderInput(db.getSpec().pgbouncer,
                    ClusterDefaults.database(db.getSpec()), clusterHost(db, ClusterNames.primaryService(db)),
                    clusterHost(db, ClusterNames.replicasService(db)), layout.postgresPort(),
                    ClusterDefaults.POOLER_AUTH_USER, poolerLayout, tls.served(),
                    PoolerAuthSql.authDatabase(settings.poolerImage())));
            poolerConfig = PoolerObjects.configMap(db, pgbouncer);
            poolerAuth = PoolerObjects.authSecret(db, credentials, poolerLayout);
            pooler = PoolerObjects.deployment(db, settings, poolerLayout, pgbouncer, tls);
            poolerService = PoolerObjects.service(db, poolerLayout);
        }
        return new DesiredCluster(PatroniRbac.serviceAccount(db), PatroniRbac.role(db), PatroniRbac.roleBinding(db),
                patroniConfig, PatroniStatefulSet.build(db, settings, layout, patroni.restartChecksum(), tls.served()),
                ClusterServices.headless(db, layout), ClusterServices.primary(db, settings, layout),
                ClusterServices.replicas(db, layout), ClusterServices.disruptionBudget(db), poolerConfig, poolerAuth,
                pooler, poolerService, AppConnectionSecret.build(db, credentials, tls),
                ClusterNetworkPolicy.build(db, settings, layout), patroni, pgbouncer);
    }

    /** In-cluster DNS name of a Service of this database, as PgBouncer pods resolve it. */
    private static String clusterHost(WorkflowDatabase db, String service) {
        return service + "." + ClusterNames.namespace(db) + ".svc";
    }

    /** The objects in the order they are created (and printed by render), skipping absent ones. */
    public List<HasMetadata> objects() {
        List<HasMetadata> objects = new ArrayList<>();
        for (HasMetadata o : new HasMetadata[] { serviceAccount, role, roleBinding, patroniConfig, headlessService,
                primaryService, replicasService, networkPolicy, statefulSet, disruptionBudget, poolerConfig, poolerAuth,
                pooler, poolerService, appSecret }) {
            if (o != null) {
                objects.add(o);
            }
        }
        return objects;
    }
}
