package io.workflowdb.operator.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every operator setting under {@code workflowdb.*}, typed, with its default written here once.
 * application.properties holds only what differs per profile; docs/install.md and the capability
 * pages list what each setting does.
 */
@ConfigMapping(prefix = "workflowdb")
public interface OperatorConfig {

    Pools pools();

    Cluster cluster();

    Health health();

    Retention retention();

    Maintenance maintenance();

    @WithName("leader-election")
    LeaderElection leaderElection();

    interface Pools {
        /** How often pools of deleted WorkflowDatabases are closed. */
        @WithName("sweep-interval")
        @WithDefault("60s")
        Duration sweepInterval();
    }

    interface Cluster {
        String DEFAULT_PATRONI_IMAGE = "ghcr.io/zalando/spilo-17:4.0-p2";
        String DEFAULT_POOLER_IMAGE = "ghcr.io/cloudnative-pg/pgbouncer:1.24.1";
        String DEFAULT_PATRONI_API_URL = "http://{pod}.{name}.{namespace}.svc:8008";
        String DEFAULT_DATABASE_ADDRESS = "{service}.{namespace}.svc:5432";
        /** The namespace docs/install.md installs the operator into. */
        String DEFAULT_OPERATOR_NAMESPACE = "workflowdb-system";
        /** The repository of the default Patroni image: the image the operator runs when spec.image is unset. */
        String DEFAULT_ALLOWED_IMAGES = "ghcr.io/zalando/spilo-17";
        /** pg_stat_statements (the health checks read it) and libraries the default image ships for common needs. */
        String DEFAULT_ALLOWED_PRELOAD_LIBRARIES = "pg_stat_statements,auto_explain,pgaudit,pg_cron";

        @WithName("patroni-image")
        @WithDefault(Cluster.DEFAULT_PATRONI_IMAGE)
        String patroniImage();

        @WithName("pooler-image")
        @WithDefault(Cluster.DEFAULT_POOLER_IMAGE)
        String poolerImage();

        @WithName("leader-label-value")
        @WithDefault("primary")
        String leaderLabelValue();

        @WithName("run-as-user")
        @WithDefault("101")
        long runAsUser();

        @WithName("fs-group")
        @WithDefault("103")
        long fsGroup();

        @WithName("patroni-api-url")
        @WithDefault(Cluster.DEFAULT_PATRONI_API_URL)
        String patroniApiUrl();

        @WithName("database-address")
        @WithDefault(Cluster.DEFAULT_DATABASE_ADDRESS)
        String databaseAddress();

        /** The Helm chart sets KUBERNETES_NAMESPACE to the operator pod's namespace. */
        @WithName("operator-namespace")
        @WithDefault("${KUBERNETES_NAMESPACE:" + Cluster.DEFAULT_OPERATOR_NAMESPACE + "}")
        String operatorNamespace();

        @WithName("tls-extra-names")
        Optional<List<String>> tlsExtraNames();

        @WithName("tls-default")
        @WithDefault("verify-full")
        String tlsDefault();

        @WithName("allowed-images")
        @WithDefault(Cluster.DEFAULT_ALLOWED_IMAGES)
        List<String> allowedImages();

        @WithName("allowed-preload-libraries")
        @WithDefault(Cluster.DEFAULT_ALLOWED_PRELOAD_LIBRARIES)
        List<String> allowedPreloadLibraries();
    }

    interface Health {
        /** How often the sampler looks for databases whose healthCheckInterval has passed. */
        @WithDefault("5s")
        Duration tick();

        /** A steady health is written to status at most this often; a changed level is written at once. */
        @WithName("status-refresh")
        @WithDefault("5m")
        Duration statusRefresh();

        /** Sampling threads shared by every database. */
        @WithDefault("4")
        int workers();

        /** How long one sample may wait on its server. */
        @WithName("sample-deadline")
        @WithDefault("20s")
        Duration sampleDeadline();
    }

    interface Retention {
        /** The longest one reconcile works on a run. */
        @WithDefault("30s")
        Duration slice();
    }

    interface Maintenance {
        /** The longest one maintenance action (one VACUUM, REFRESH or REINDEX) may run. */
        @WithName("action-timeout")
        @WithDefault("10m")
        Duration actionTimeout();

        /** After this long in one reconcile no further action starts, so status shows a run's progress. */
        @WithDefault("30s")
        Duration slice();
    }

    interface LeaderElection {
        String DEFAULT_LEASE_NAME = "workflowdb-operator";

        @WithDefault("true")
        boolean enabled();

        @WithName("lease-name")
        @WithDefault(LeaderElection.DEFAULT_LEASE_NAME)
        String leaseName();

        @WithName("lease-namespace")
        Optional<String> leaseNamespace();
    }
}
