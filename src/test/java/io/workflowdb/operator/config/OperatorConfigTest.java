package io.workflowdb.operator.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's settings: defaults written once, in the mapping, and visible to every reader. */
class OperatorConfigTest {

    @Test
    void everySettingHasItsDefaultWithoutAnyProperty() {
        OperatorConfig config = build(Map.of()).getConfigMapping(OperatorConfig.class);

        assertThat(config.retention().slice()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maintenance().actionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maintenance().slice()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.health().workers()).isEqualTo(4);
        assertThat(config.health().sampleDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.health().statusRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.cluster().patroniImage()).isEqualTo(OperatorConfig.Cluster.DEFAULT_PATRONI_IMAGE);
        assertThat(config.cluster().operatorNamespace()).isEqualTo(OperatorConfig.Cluster.DEFAULT_OPERATOR_NAMESPACE);
        assertThat(config.cluster().allowedPreloadLibraries()).contains("pg_stat_statements");
        assertThat(config.cluster().tlsDefault()).isEqualTo("verify-full");
        assertThat(config.leaderElection().enabled()).isTrue();
        assertThat(config.leaderElection().leaseNamespace()).isEmpty();
    }

    @Test
    void theScheduledJobsReadTheMappingDefaults() {
        SmallRyeConfig config = build(Map.of());
        // @Scheduled(every = "${workflowdb.health.tick}") and the pool sweep resolve these
        assertThat(config.getValue("workflowdb.health.tick", String.class)).isEqualTo("5s");
        assertThat(config.getValue("workflowdb.pools.sweep-interval", String.class)).isEqualTo("60s");
    }

    @Test
    void aSetValueWinsAndAListSplitsOnCommas() {
        OperatorConfig config = build(Map.of("workflowdb.retention.slice", "5s",
                "workflowdb.cluster.allowed-images", "registry.example.com/postgres/,ghcr.io/zalando/spilo-17"))
                .getConfigMapping(OperatorConfig.class);

        assertThat(config.retention().slice()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.cluster().allowedImages()).isEqualTo(List.of("registry.example.com/postgres/",
                "ghcr.io/zalando/spilo-17"));
    }

    @Test
    void aMistypedSettingIsRefusedAtStart() {
        assertThatThrownBy(() -> build(Map.of("workflowdb.retention.slise", "5s")))
                .hasMessageContaining("workflowdb.retention.slise");
    }

    private static SmallRyeConfig build(Map<String, String> properties) {
        // Quarkus reads durations such as 30s with this converter; a plain SmallRye config needs it named
        return new SmallRyeConfigBuilder().addDefaultInterceptors().addDefaultSources()
                .withConverter(Duration.class, 200, new DurationConverter()).withMapping(OperatorConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }
}
