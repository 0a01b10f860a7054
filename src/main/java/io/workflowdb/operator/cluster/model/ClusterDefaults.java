package io.workflowdb.operator.cluster.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.workflowdb.operator.api.v1alpha1.PgBouncerSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.patroni.PatroniLayout;

/** The defaults of a managed WorkflowDatabase, as its CRD descriptions state them. */
public final class ClusterDefaults {

    public static final int INSTANCES = 3;
    public static final int POSTGRES_VERSION = PatroniLayout.DEFAULT_POSTGRES_VERSION;
    public static final String DATABASE = "workflow_db";
    public static final String OWNER = "app_user";
    public static final String STORAGE_SIZE = "10Gi";
    public static final int POOLER_INSTANCES = 2;
    /** The role PgBouncer logs in as to look up client passwords through auth_query. */
    public static final String POOLER_AUTH_USER = "pooler_auth";

    private ClusterDefaults() {
    }

    public static int instances(WorkflowDatabaseSpec spec) {
        return spec.instances == null ? INSTANCES : spec.instances;
    }

    public static int postgresVersion(WorkflowDatabaseSpec spec) {
        return spec.postgresVersion == null ? POSTGRES_VERSION : spec.postgresVersion;
    }

    public static String database(WorkflowDatabaseSpec spec) {
        return spec.database == null ? DATABASE : spec.database;
    }

    public static String owner(WorkflowDatabaseSpec spec) {
        return spec.owner == null ? OWNER : spec.owner;
    }

    public static Quantity storageSize(WorkflowDatabaseSpec spec) {
        return spec.storage == null || spec.storage.size == null ? new Quantity(STORAGE_SIZE) : spec.storage.size;
    }

    public static boolean poolerEnabled(WorkflowDatabaseSpec spec) {
        return spec.pgbouncer == null || !Boolean.FALSE.equals(spec.pgbouncer.enabled);
    }

    public static int poolerInstances(WorkflowDatabaseSpec spec) {
        return spec.pgbouncer == null || spec.pgbouncer.instances == null ? POOLER_INSTANCES : spec.pgbouncer.instances;
    }

    public static boolean readOnlyDatabase(WorkflowDatabaseSpec spec) {
        return spec.pgbouncer == null || !Boolean.FALSE.equals(spec.pgbouncer.readOnlyDatabase);
    }

    /** Transaction and statement pooling cannot keep server-side prepared statements between transactions. */
    public static boolean poolerSharesSessions(WorkflowDatabaseSpec spec) {
        return spec.pgbouncer == null || spec.pgbouncer.poolMode != PgBouncerSpec.PoolMode.SESSION;
    }
}
