package io.workflowdb.operator.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;

/**
 * What the policies did, as Prometheus series on {@code /q/metrics}:
 * <ul>
 * <li>{@code workflowdb_partition_coverage_seconds{namespace, policy, table}}: how far ahead of now
 * the premade partitions reach (negative once rows would land in the default partition, or fail);</li>
 * <li>{@code workflowdb_partition_partitions{...}} and {@code workflowdb_partition_default_rows{...}};</li>
 * <li>{@code workflowdb_retention_rows_total{namespace, policy, table, action}}: rows archived or deleted;</li>
 * <li>{@code workflowdb_maintenance_actions_total{namespace, policy, outcome}}: maintenance actions by outcome.</li>
 * </ul>
 * The partition gauges of a policy that no longer exists are removed by a periodic sweep, so that
 * an alert on coverage never fires for a deleted policy.
 */
@ApplicationScoped
public class PolicyMetrics {

    static final String COVERAGE = "workflowdb.partition.coverage.seconds";
    static final String PARTITIONS = "workflowdb.partition.partitions";
    static final String DEFAULT_ROWS = "workflowdb.partition.default.rows";
    static final String RETENTION_ROWS = "workflowdb.retention.rows";
    static final String MAINTENANCE_ACTIONS = "workflowdb.maintenance.actions";

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    KubernetesClient client;

    /** The partition figures each gauge reads, by namespace/name of the policy. */
    private final Map<String, PartitionFigures> partitions = new ConcurrentHashMap<>();

    private static final class PartitionFigures {
        final String table;
        volatile Instant coveredUntil;
        volatile double partitions = Double.NaN;
        volatile double defaultRows = Double.NaN;

        PartitionFigures(String table) {
            this.table = table;
        }
    }

    public PolicyMetrics() {
    }

    /** For tests outside a container. */
    public PolicyMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Publishes what a PartitionPolicy's status says of its partitions (nothing while it names no table). */
    public void partition(PartitionPolicy policy) {
        String table = policy.getSpec() == null ? null : policy.getSpec().table;
        if (table == null) {
            return;
        }
        PartitionFigures known = partitions.get(key(policy));
        if (known != null && !known.table.equals(table)) {
            removePartition(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
        }
        PartitionPolicyStatus status = policy.getStatus();
        PartitionFigures figures = partitions.computeIfAbsent(key(policy), k -> register(policy, table));
        figures.coveredUntil = status == null || status.coveredUntil == null ? null : Instant.parse(status.coveredUntil);
        figures.partitions = status == null || status.partitions == null ? Double.NaN : status.partitions;
        figures.defaultRows = status == null || status.defaultPartitionRows == null ? Double.NaN : status.defaultPartitionRows;
    }

    public void retentionRows(HasMetadata policy, String table, String action, long rows) {
        registry.counter(RETENTION_ROWS, owner(policy).and("table", table, "action", action)).increment(rows);
    }

    public void maintenanceAction(HasMetadata policy, String outcome) {
        registry.counter(MAINTENANCE_ACTIONS, owner(policy).and("outcome", outcome)).increment();
    }

    /** The PartitionPolicies whose gauges are published, as {@code namespace/name}. */
    Set<String> partitionKeys() {
        return Set.copyOf(partitions.keySet());
    }

    /** Removes the gauges of one PartitionPolicy. */
    void removePartition(String namespace, String name) {
        if (partitions.remove(namespace + "/" + name) == null) {
            return;
        }
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("workflowdb.partition."))
                .filter(m -> namespace.equals(m.getId().getTag("namespace")) && name.equals(m.getId().getTag("policy")))
                .forEach(registry::remove);
    }

    @Scheduled(every = "${workflowdb.pools.sweep-interval:60s}", delayed = "${workflowdb.pools.sweep-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void removeDeletedPolicies() {
        for (String key : partitionKeys()) {
            String[] namespaceAndName = key.split("/", 2);
            if (client.resources(PartitionPolicy.class).inNamespace(namespaceAndName[0]).withName(namespaceAndName[1])
                    .get() == null) {
                removePartition(namespaceAndName[0], namespaceAndName[1]);
            }
        }
    }

    private PartitionFigures register(PartitionPolicy policy, String table) {
        PartitionFigures figures = new PartitionFigures(table);
        Tags tags = owner(policy).and("table", table);
        Gauge.builder(COVERAGE, figures, f -> f.coveredUntil == null ? Double.NaN
                : (f.coveredUntil.toEpochMilli() - clock.millis()) / 1e3).tags(tags).register(registry);
        Gauge.builder(PARTITIONS, figures, f -> f.partitions).tags(tags).register(registry);
        Gauge.builder(DEFAULT_ROWS, figures, f -> f.defaultRows).tags(tags).register(registry);
        return figures;
    }

    private static Tags owner(HasMetadata policy) {
        return Tags.of("namespace", policy.getMetadata().getNamespace(), "policy", policy.getMetadata().getName());
    }

    private static String key(HasMetadata policy) {
        return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }
}
