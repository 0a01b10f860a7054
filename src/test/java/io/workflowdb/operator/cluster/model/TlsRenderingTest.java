package io.workflowdb.operator.cluster.model;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.workflowdb.operator.api.v1alpha1.PostgresqlSpec;
import io.workflowdb.operator.api.v1alpha1.TlsSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.SpecAllowLists;
import io.workflowdb.operator.cluster.WorkflowDatabaseRules;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.patroni.EtcdKeySpace;
import io.workflowdb.operator.cluster.patroni.PatroniConfig;
import io.workflowdb.operator.cluster.patroni.PatroniEnv;
import io.workflowdb.operator.tls.ServedTls;
import io.workflowdb.operator.validation.ResourceValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cluster serves with TLS, read in the rendered objects: PostgreSQL, Patroni's REST API and
 * PgBouncer on TLS with the cluster's files, the superuser only with a certificate over the network,
 * and the app Secret telling clients how to verify. A cluster made before TLS keeps its objects.
 */
class TlsRenderingTest {

    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void aNewClusterServesTlsEverywhereAndTheSuperuserNeedsACertificate() throws Exception {
        DesiredCluster desired = desired(example(), null);
        PatroniConfig config = desired.patroni().config();

        Map<String, String> local = config.postgresql().parameters();
        assertThat(local).containsEntry("ssl", "on").containsEntry("ssl_cert_file", "/etc/workflowdb/tls/tls.crt")
                .containsEntry("ssl_key_file", "/etc/workflowdb/tls/tls.key")
                .containsEntry("ssl_ca_file", "/etc/workflowdb/tls/ca.crt");
        assertThat(config.restapi().certfile()).isEqualTo("/etc/workflowdb/tls/tls.crt");
        assertThat(config.restapi().keyfile()).isEqualTo("/etc/workflowdb/tls/tls.key");
        assertThat(config.restapi().cafile()).isEqualTo("/etc/workflowdb/tls/ca.crt");
        assertThat(config.postgresql().authentication().replication().sslmode()).isEqualTo("verify-ca");
        assertThat(config.postgresql().authentication().rewind().sslrootcert()).isEqualTo("/etc/workflowdb/tls/ca.crt");

        List<String> hba = config.bootstrap().dcs().postgresql().pgHba();
        assertThat(hba).containsSubsequence("hostssl replication replicator all scram-sha-256",
                "hostssl all postgres all cert", "host all postgres all reject", "hostssl all all all scram-sha-256");
        assertThat(hba).noneMatch(rule -> rule.startsWith("host ") && !rule.endsWith("reject"));
        assertThat(desired.patroni().yaml()).contains("ssl_cert_file");
    }

    @Test
    void membersMountTheTlsSecretProbeOverHttpsAndNameThemselvesByDns() throws Exception {
        WorkflowDatabase db = example();
        PodSpec pod = desired(db, null).statefulSet().getSpec().getTemplate().getSpec();
        Volume tls = pod.getVolumes().stream().filter(v -> "tls".equals(v.getName())).findFirst().orElseThrow();
        assertThat(tls.getSecret().getSecretName()).isEqualTo("workflow-db-tls");
        assertThat(tls.getSecret().getDefaultMode()).isEqualTo(0640);
        Container postgres = pod.getContainers().get(0);
        assertThat(postgres.getVolumeMounts()).anyMatch(m -> "tls".equals(m.getName())
                && ServedTls.DIRECTORY.equals(m.getMountPath()) && Boolean.TRUE.equals(m.getReadOnly()));
        assertThat(postgres.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(postgres.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(env(postgres, PatroniEnv.RESTAPI_CONNECT_ADDRESS))
                .isEqualTo("$(" + PatroniEnv.NAME + ").workflow-db." + db.getMetadata().getNamespace() + ".svc:8008");
    }

    @Test
    void thePoolerRequiresTlsFromClientsVerifiesTheMembersAndRollsOnANewCertificate() throws Exception {
        WorkflowDatabase db = example();
        DesiredCluster desired = desired(db, null);
        String ini = desired.pgbouncer().ini();
        assertThat(ini).contains("client_tls_sslmode = require").contains("server_tls_sslmode = verify-full")
                .contains("client_tls_cert_file = /etc/workflowdb/tls/tls.crt")
                .contains("server_tls_ca_file = /etc/workflowdb/tls/ca.crt");
        PodSpec pod = desired.pooler().getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null && "workflow-db-tls".equals(v.getSecret().getSecretName()));
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(ClusterSettings.defaults().fsGroup());
        assertThat(desired.pooler().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(PoolerObjects.TLS_SERIAL_ANNOTATION, "5e1a1");
        DesiredCluster renewed = DesiredCluster.of(db, Credentials.completing(Map.of()), ClusterSettings.defaults(),
                EtcdKeySpace.NAMESPACED, tls(db, null, "77aa"));
        assertThat(renewed.pooler().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(PoolerObjects.TLS_SERIAL_ANNOTATION, "77aa");
    }

    @Test
    void theAppSecretTellsClientsToVerifyAndCarriesTheAuthority() throws Exception {
        Map<String, String> app = Credentials.decode(desired(example(), null).appSecret().getData());
        assertThat(app).containsEntry("sslmode", "verify-full").containsEntry("ca.crt", CA_PEM);
        for (String key : List.of("uri", "jdbc-uri", "ro-uri", "ro-jdbc-uri", "direct-uri", "direct-jdbc-uri",
                "direct-ro-uri", "direct-ro-jdbc-uri")) {
            assertThat(app.get(key)).as(key).contains("sslmode=verify-full");
        }
    }

    @Test
    void allowKeepsPlainClientRulesAndTellsClientsToPreferTls() throws Exception {
        WorkflowDatabase db = example();
        db.getSpec().tls = new TlsSpec();
        db.getSpec().tls.mode = TlsSpec.Mode.ALLOW;
        DesiredCluster desired = desired(db, null);
        assertThat(desired.patroni().config().bootstrap().dcs().postgresql().pgHba())
                .contains("host all all all scram-sha-256", "hostssl all postgres all cert", "host all postgres all reject");
        assertThat(desired.pgbouncer().ini()).contains("client_tls_sslmode = allow");
        assertThat(Credentials.decode(desired.appSecret().getData())).containsEntry("sslmode", "prefer");
    }

    @Test
    void superuserAccessLetsThePasswordInOverTlsOnly() throws Exception {
        WorkflowDatabase db = example();
        db.getSpec().enableSuperuserAccess = true;
        List<String> hba = desired(db, null).patroni().config().bootstrap().dcs().postgresql().pgHba();
        assertThat(hba).contains("hostssl all postgres all scram-sha-256", "host all postgres all reject")
                .doesNotContain("hostssl all postgres all cert");
    }

    @Test
    void aClusterMadeBeforeTlsKeepsItsObjectsUntilItsSpecAsks() throws Exception {
        WorkflowDatabase db = example();
        String before = desired(db, null).patroni().yaml();
        ServedTls legacyServed = ClusterTls.served(db.getSpec(), withoutTls(before), ServedTls.Mode.VERIFY_FULL);
        assertThat(legacyServed.enabled()).isFalse();
        DesiredCluster legacy = DesiredCluster.of(db, Credentials.completing(Map.of()), ClusterSettings.defaults(),
                EtcdKeySpace.NAMESPACED, ClusterTls.withoutCertificates(legacyServed));
        assertThat(legacy.patroni().yaml()).doesNotContain("ssl");
        assertThat(legacy.patroni().config().bootstrap().dcs().postgresql().pgHba())
                .startsWith("local all all scram-sha-256", "host replication replicator all scram-sha-256")
                .contains("host all all all scram-sha-256").noneMatch(rule -> rule.startsWith("hostssl"));
        PodSpec pod = legacy.statefulSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).noneMatch(v -> "tls".equals(v.getName()));
        assertThat(pod.getContainers().get(0).getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(legacy.pgbouncer().ini()).doesNotContain("tls");
        assertThat(Credentials.decode(legacy.appSecret().getData())).doesNotContainKeys("sslmode", "ca.crt");

        db.getSpec().tls = new TlsSpec();
        assertThat(ClusterTls.served(db.getSpec(), withoutTls(before), ServedTls.Mode.VERIFY_FULL).mode())
                .isEqualTo(ServedTls.Mode.VERIFY_FULL);
        assertThat(ClusterTls.served(example().getSpec(), before, ServedTls.Mode.VERIFY_FULL).enabled())
                .as("a cluster rendered with TLS keeps it").isTrue();
    }

    @Test
    void theOperatorsDefaultAppliesToNewClustersWithoutSpecTls() throws Exception {
        WorkflowDatabase db = example();
        assertThat(ClusterTls.served(db.getSpec(), null, ServedTls.Mode.OFF).enabled()).isFalse();
        db.getSpec().tls = new TlsSpec();
        db.getSpec().tls.mode = TlsSpec.Mode.REQUIRE;
        assertThat(ClusterTls.served(db.getSpec(), null, ServedTls.Mode.OFF).mode()).isEqualTo(ServedTls.Mode.REQUIRE);
    }

    @Test
    void tlsParametersAndTlsWithAnExternalDatabaseAreRefused() throws Exception {
        ResourceValidator validator = new ResourceValidator();
        for (String parameter : List.of("ssl", "ssl_cert_file", "ssl_key_file", "ssl_ca_file", "ssl_crl_file")) {
            WorkflowDatabase db = example();
            db.getSpec().postgresql = db.getSpec().postgresql == null ? new PostgresqlSpec() : db.getSpec().postgresql;
            db.getSpec().postgresql.parameters = new java.util.HashMap<>(Map.of(parameter, "off"));
            assertThat(validator.validate(db, WorkflowDatabaseRules.with(SpecAllowLists.defaults())))
                    .as(parameter).anyMatch(v -> v.field().contains(parameter));
        }
    }

    private static String withoutTls(String patroniYaml) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        @SuppressWarnings("unchecked")
        Map<String, Object> root = yaml.readValue(patroniYaml, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) root.get("postgresql")).get("parameters");
        parameters.keySet().removeIf(key -> key.startsWith("ssl"));
        return yaml.writeValueAsString(root);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow();
    }

    private static ClusterTls tls(WorkflowDatabase db, String currentYaml, String serial) {
        ServedTls served = ClusterTls.served(db.getSpec(), currentYaml, ServedTls.Mode.VERIFY_FULL);
        java.time.Instant now = java.time.Instant.parse("2026-12-07T00:00:00Z");
        return new ClusterTls(served, CA_PEM, serial, now.plusSeconds(3_000_000), now, now.plusSeconds(1_000_000));
    }

    private static DesiredCluster desired(WorkflowDatabase db, String currentYaml) {
        return DesiredCluster.of(db, Credentials.completing(Map.of()), ClusterSettings.defaults(), EtcdKeySpace.NAMESPACED,
                tls(db, currentYaml, "5e1a1"));
    }

    private static WorkflowDatabase example() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readValue(new File("examples/workflowdatabase.yaml"), WorkflowDatabase.class);
    }
}
