package io.workflowdb.operator.partition;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.workflowdb.operator.api.v1alpha1.ConversionStatus;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;

/**
 * The partitions of each PartitionPolicy as Prometheus series on {@code /q/metrics}:
 * <ul>
 * <li>{@code workflowdb_partition_coverage_seconds{namespace, policy, table}}: how far ahead of now
 * the premade partitions reach (negative once rows would land in the default partition, or fail);</li>
 * <li>{@code workflowdb_partition_partitions{...}} and {@code workflowdb_partition_default_rows{...}};</li>
 * <li>{@code workflowdb_partition_conversion_rows_copied{...}} and
 * {@code workflowdb_partition_conversion_rows_left{...}} while an online conversion copies (NaN otherwise).</li>
 * </ul>
 * The gauges of a policy that no longer exists are removed by a periodic sweep that looks the
 * policies up in the operator's informer cache (no request to the API server), so that an alert on
 * coverage never fires for a deleted policy.
 */
@ApplicationScoped
public class PartitionMetrics {

    static final String COVERAGE = "workflowdb.partition.coverage.seconds";
    static final String PARTITIONS = "workflowdb.partition.partitions";
    static final String DEFAULT_ROWS = "workflowdb.partition.default.rows";
    static final String CONVERSION_COPIED = "workflowdb.partition.conversion.rows.copied";
    static final String CONVERSION_LEFT = "workflowdb.partition.conversion.rows.left";

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    /** The policies the operator watches, as its informer holds them; null until the reconciler registered. */
    private volatile IndexedResourceCache<PartitionPolicy> policies;

    /** The partition figures each gauge reads, by namespace/name of the policy. */
    private final Map<String, PartitionFigures> partitions = new ConcurrentHashMap<>();

    private static final class PartitionFigures {
        final String table;
        volatile Instant coveredUntil;
        volatile double partitions = Double.NaN;
        volatile double defaultRows = Double.NaN;
        volatile double conversionCopied = Double.NaN;
        volatile double conversionLeft = Double.NaN;

        PartitionFigures(String table) {
            this.table = table;
        }
    }

    public PartitionMetrics() {
    }

    /** For tests outside a container. */
    public PartitionMetrics(MeterRegistry registry, Clock clock) {
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
        ConversionStatus conversion = status == null ? null : status.conversion;
        boolean copying = conversion != null && conversion.phase != ConversionStatus.Phase.Done;
        figures.conversionCopied = copying && conversion.rowsCopied != null ? conversion.rowsCopied : Double.NaN;
        figures.conversionLeft = copying && conversion.rowsLeft != null ? conversion.rowsLeft : Double.NaN;
    }

    /** The sweep looks policies up here; the reconciler hands over its primary cache when its event sources are prepared. */
    void watch(IndexedResourceCache<PartitionPolicy> cache) {
        this.policies = cache;
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

    @Scheduled(every = "${workflowdb.pools.sweep-interval}", delayed = "${workflowdb.pools.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void removeDeletedPolicies() {
        IndexedResourceCache<PartitionPolicy> cache = policies;
        if (cache == null) {
            return;
        }
        for (String key : partitionKeys()) {
            String[] namespaceAndName = key.split("/", 2);
            if (cache.get(new ResourceID(namespaceAndName[1], namespaceAndName[0])).isEmpty()) {
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
        Gauge.builder(CONVERSION_COPIED, figures, f -> f.conversionCopied).tags(tags).register(registry);
        Gauge.builder(CONVERSION_LEFT, figures, f -> f.conversionLeft).tags(tags).register(registry);
        return figures;
    }

    private static Tags owner(HasMetadata policy) {
        return Tags.of("namespace", policy.getMetadata().getNamespace(), "policy", policy.getMetadata().getName());
    }

    private static String key(HasMetadata policy) {
        return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }
}
