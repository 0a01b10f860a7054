package io.workflowdb.operator.cluster.patroni;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec.SynchronousMode;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.DynamicConfig;

import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.LAYOUT;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.etcd;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.hbaWith;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.parameters;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.render;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.spec;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.synchronous;
import static org.assertj.core.api.Assertions.assertThat;

class PatroniConfigRendererTest {

    @Test
    void anEmptySpecGetsTheDefaultsFileAndTheForcedSettings() {
        PatroniConfig config = render(new WorkflowDatabaseSpec()).config();

        DynamicConfig dcs = config.bootstrap().dcs();
        assertThat(dcs.ttl()).isEqualTo(30);
        assertThat(dcs.loopWait()).isEqualTo(10);
        assertThat(dcs.retryTimeout()).isEqualTo(30);
        assertThat(dcs.maximumLagOnFailover()).isEqualTo(1048576L);
        assertThat(dcs.postgresql().usePgRewind()).isTrue();
        assertThat(dcs.postgresql().useSlots()).isTrue();
        assertThat(dcs.postgresql().parameters())
                .containsEntry("max_connections", "100")
                .containsEntry("shared_buffers", "256MB")
                .containsEntry("checkpoint_completion_target", "0.9")
                .containsEntry("pg_stat_statements.max", "10000")
                .containsEntry("pg_stat_statements.track_utility", "on")
                .containsEntry("wal_level", "replica")
                .containsEntry("hot_standby", "on")
                .containsEntry("wal_log_hints", "on")
                .containsEntry("password_encryption", "scram-sha-256");
        assertThat(config.bootstrap().initdb()).containsExactly(Map.of("encoding", "UTF8"), "data-checksums");
        assertThat(config.scope()).isEqualTo("workflow-db");
        assertThat(config.kubernetes().namespace()).isEqualTo("apps");
        assertThat(config.restapi().listen()).isEqualTo("0.0.0.0:8008");
        assertThat(config.restapi().authentication().username()).isEqualTo(PatroniRoles.REST_API);
        assertThat(config.postgresql().listen()).isEqualTo("0.0.0.0:5432");
        assertThat(config.postgresql().dataDir()).isEqualTo("/home/postgres/pgdata/pgroot/data");
        assertThat(config.postgresql().binDir()).isEqualTo("/usr/lib/postgresql/16/bin");
        assertThat(config.postgresql().pgpass()).isEqualTo("/tmp/pgpass");
        assertThat(config.postgresql().useUnixSocket()).isTrue();
        assertThat(config.postgresql().parameters()).containsOnly(Map.entry("unix_socket_directories", "/var/run/postgresql"),
                Map.entry("ssl", "on"), Map.entry("ssl_cert_file", "/etc/workflowdb/tls/tls.crt"),
                Map.entry("ssl_key_file", "/etc/workflowdb/tls/tls.key"), Map.entry("ssl_ca_file", "/etc/workflowdb/tls/ca.crt"));
        assertThat(config.postgresql().authentication().superuser().username()).isEqualTo("postgres");
        assertThat(config.postgresql().authentication().replication().username()).isEqualTo("replicator");
        assertThat(config.postgresql().authentication().rewind().username()).isEqualTo("rewind_user");
    }

    @Test
    void userValuesOverrideTheDefaultsAndKeepTheRest() {
        WorkflowDatabaseSpec spec = spec(s -> {
            s.postgresql.parameters = Map.of("shared_buffers", "1GB", "work_mem", "8MB");
            s.patroni = new PatroniSpec();
            s.patroni.ttl = 60;
            s.patroni.loopWait = 5;
            s.patroni.retryTimeout = 20;
            s.patroni.maximumLagOnFailover = 0L;
            s.patroni.usePgRewind = false;
        });

        DynamicConfig dcs = render(spec).config().bootstrap().dcs();

        assertThat(dcs.ttl()).isEqualTo(60);
        assertThat(dcs.loopWait()).isEqualTo(5);
        assertThat(dcs.retryTimeout()).isEqualTo(20);
        assertThat(dcs.maximumLagOnFailover()).isZero();
        assertThat(dcs.postgresql().usePgRewind()).isFalse();
        assertThat(dcs.postgresql().parameters())
                .containsEntry("shared_buffers", "1GB")
                .containsEntry("work_mem", "8MB")
                .containsEntry("effective_cache_size", "1GB");
    }

    @Test
    void pgStatStatementsStaysPreloaded() {
        assertThat(parameters(Map.of("shared_preload_libraries", "auto_explain")))
                .containsEntry("shared_preload_libraries", "auto_explain,pg_stat_statements");
        assertThat(parameters(Map.of("shared_preload_libraries", "pg_stat_statements, auto_explain")))
                .containsEntry("shared_preload_libraries", "pg_stat_statements, auto_explain");
        assertThat(parameters(Map.of("shared_preload_libraries", "")))
                .containsEntry("shared_preload_libraries", "pg_stat_statements");
    }

    @Test
    void synchronousModeOffSaysSoExplicitly() {
        DynamicConfig dcs = render(synchronous(SynchronousMode.OFF, 2)).config().bootstrap().dcs();

        assertThat(dcs.synchronousMode()).isFalse();
        assertThat(dcs.synchronousModeStrict()).isFalse();
        assertThat(dcs.synchronousNodeCount()).isNull();
    }

    @Test
    void synchronousModeOn() {
        assertSynchronous(render(synchronous(SynchronousMode.ON, null)).config().bootstrap().dcs(), false, 1);
    }

    @Test
    void synchronousModeStrict() {
        assertSynchronous(render(synchronous(SynchronousMode.STRICT, 2)).config().bootstrap().dcs(), true, 2);
    }

    /** Patroni runs synchronous replication itself: the renderer never writes synchronous_standby_names. */
    private static void assertSynchronous(DynamicConfig dcs, boolean strict, int nodeCount) {
        assertThat(dcs.synchronousMode()).isTrue();
        assertThat(dcs.synchronousModeStrict()).isEqualTo(strict);
        assertThat(dcs.synchronousNodeCount()).isEqualTo(nodeCount);
        assertThat(dcs.postgresql().parameters()).doesNotContainKey("synchronous_standby_names");
    }

    @Test
    void userPgHbaReplacesTheDefaultClientRuleAfterTheOperatorRules() {
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.pgHba = List.of("hostssl all all 10.0.0.0/8 scram-sha-256"));

        assertThat(render(spec).config().bootstrap().dcs().postgresql().pgHba())
                .containsExactlyElementsOf(hbaWith("hostssl all all 10.0.0.0/8 scram-sha-256"));
        assertThat(render(new WorkflowDatabaseSpec()).config().bootstrap().dcs().postgresql().pgHba())
                .endsWith("hostssl all all all scram-sha-256");
    }

    @Test
    void etcdReplacesTheKubernetesSection() {
        PatroniConfig config = render(etcd("etcd-0.etcd:2379", "etcd-1.etcd:2379")).config();

        assertThat(config.kubernetes()).isNull();
        assertThat(config.etcd3().hosts()).containsExactly("etcd-0.etcd:2379", "etcd-1.etcd:2379");
        assertThat(config.etcd3().protocol()).isNull();
        assertThat(config.etcd3().cacert()).isNull();
    }

    @Test
    void etcdKeysLiveUnderTheKubernetesNamespace() {
        WorkflowDatabaseSpec spec = etcd("etcd-0.etcd:2379");
        PatroniConfig apps = PatroniConfigRenderer.render(
                new PatroniRenderInput("workflow-db", "apps", PatroniFixtures.LABELS, spec, LAYOUT)).config();
        PatroniConfig billing = PatroniConfigRenderer.render(
                new PatroniRenderInput("workflow-db", "billing", PatroniFixtures.LABELS, spec, LAYOUT)).config();

        assertThat(apps.namespace()).isEqualTo("/workflowdb/apps/");
        assertThat(billing.namespace()).isEqualTo("/workflowdb/billing/");
        assertThat(PatroniConfigRenderer.render(new PatroniRenderInput("workflow-db", "apps", PatroniFixtures.LABELS,
                spec, LAYOUT)).yaml()).contains("namespace: \"/workflowdb/apps/\"\n");
    }

    @Test
    void aLegacyClusterKeepsPatronisDefaultKeySpace() {
        PatroniConfig config = PatroniConfigRenderer.render(new PatroniRenderInput("workflow-db", "apps",
                PatroniFixtures.LABELS, etcd("etcd-0.etcd:2379"), LAYOUT, EtcdKeySpace.LEGACY)).config();

        assertThat(config.namespace()).isNull();
    }

    @Test
    void theKubernetesDcsHasNoTopLevelNamespace() {
        assertThat(render(new WorkflowDatabaseSpec()).config().namespace()).isNull();
    }

    @Test
    void etcdTlsFilesAndNoSecretInTheFile() {
        WorkflowDatabaseSpec spec = etcd("etcd-0.etcd:2379");
        spec.patroni.etcd.credentialsSecret = "etcd-user";
        spec.patroni.etcd.tlsSecret = "etcd-tls";
        RenderedPatroni rendered = render(spec);

        assertThat(rendered.config().etcd3()).isEqualTo(new PatroniConfig.Etcd3Dcs(List.of("etcd-0.etcd:2379"),
                "https", "/etc/patroni-etcd-tls/ca.crt", "/etc/patroni-etcd-tls/tls.crt", "/etc/patroni-etcd-tls/tls.key"));
        assertThat(rendered.yaml()).doesNotContain("etcd-user", "etcd-tls:", "password: ", "username: etcd");
    }

    @Test
    void etcdCredentialsAloneKeepHttp() {
        WorkflowDatabaseSpec spec = etcd("etcd-0.etcd:2379");
        spec.patroni.etcd.credentialsSecret = "etcd-user";

        assertThat(render(spec).config().etcd3().protocol()).isEqualTo("http");
        assertThat(PatroniConfigRenderer.etcdProtocol(spec)).isEqualTo("http");
    }

    @Test
    void etcdSecretNamesMustBeKubernetesNames() {
        WorkflowDatabaseSpec spec = etcd("etcd-0.etcd:2379");
        spec.patroni.etcd.credentialsSecret = "Etcd_User";
        spec.patroni.etcd.tlsSecret = "tls/../x";

        assertThat(PatroniConfigRenderer.problems(spec)).extracting(v -> v.field())
                .containsExactly("spec.patroni.etcd.credentialsSecret", "spec.patroni.etcd.tlsSecret");
    }

    @Test
    void theDynamicConfigurationIsExactlyBootstrapDcs() {
        RenderedPatroni rendered = PatroniFixtures.render(PatroniFixtures.MAXIMAL);

        assertThat(rendered.dynamicConfiguration()).containsOnlyKeys("ttl", "loop_wait", "retry_timeout",
                "maximum_lag_on_failover", "synchronous_mode", "synchronous_mode_strict", "synchronous_node_count",
                "postgresql");
        assertThat(rendered.dynamicConfiguration().get("postgresql")).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                .containsOnlyKeys("use_pg_rewind", "use_slots", "parameters", "pg_hba");
        assertThat(rendered.dynamicConfiguration()).isEqualTo(
                PatroniYaml.toMap(PatroniYaml.read(rendered.yaml()).bootstrap().dcs()));
    }

    @Test
    void theYamlHoldsNoSecretsAndNothingPerPod() {
        String yaml = PatroniFixtures.render(PatroniFixtures.MAXIMAL).yaml();

        assertThat(yaml).doesNotContainPattern("(?m)^\\s*(password|connect_address|name|pod_ip|ports):");
        assertThat(yaml).doesNotStartWith("---");
    }

    @Test
    void renderingIsDeterministic() {
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = Map.of("b_param", "1", "a_param", "2"));
        Map<String, String> labels = new TreeMap<>(Map.of("z", "1", "a", "2"));

        String first = PatroniConfigRenderer.render(new PatroniRenderInput("workflow-db", "apps", labels, spec, LAYOUT)).yaml();
        String second = PatroniConfigRenderer.render(new PatroniRenderInput("workflow-db", "apps",
                Map.of("a", "2", "z", "1"), spec, LAYOUT)).yaml();

        assertThat(first).isEqualTo(second);
        assertThat(first.indexOf("a_param")).isLessThan(first.indexOf("b_param"));
    }

    @Test
    void theChecksumIgnoresDynamicChanges() {
        String base = render(new WorkflowDatabaseSpec()).restartChecksum();

        assertThat(render(spec(s -> s.postgresql.parameters = Map.of("work_mem", "64MB"))).restartChecksum()).isEqualTo(base);
        assertThat(render(spec(s -> s.postgresql.parameters = Map.of("shared_buffers", "4GB"))).restartChecksum()).isEqualTo(base);
        assertThat(render(spec(s -> s.postgresql.pgHba = List.of("hostssl all all 10.0.0.0/8 scram-sha-256"))).restartChecksum())
                .isEqualTo(base);
        assertThat(render(synchronous(SynchronousMode.STRICT, 1)).restartChecksum()).isEqualTo(base);
    }

    @Test
    void theChecksumFollowsLocalChanges() {
        String kubernetes = render(new WorkflowDatabaseSpec()).restartChecksum();
        String etcd = render(etcd("etcd-0:2379")).restartChecksum();
        String otherEtcd = render(etcd("etcd-0:2379", "etcd-1:2379")).restartChecksum();
        String version17 = PatroniConfigRenderer.render(new PatroniRenderInput("workflow-db", "apps", PatroniFixtures.LABELS,
                new WorkflowDatabaseSpec(), PatroniLayout.forVersion(17))).restartChecksum();

        assertThat(List.of(kubernetes, etcd, otherEtcd, version17)).doesNotHaveDuplicates()
                .allSatisfy(sum -> assertThat(sum).matches("[0-9a-f]{64}"));
    }
}
