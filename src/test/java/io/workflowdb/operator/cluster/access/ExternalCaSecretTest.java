package io.workflowdb.operator.cluster.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.workflowdb.operator.api.v1alpha1.ExternalSpec;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.SpecAllowLists;
import io.workflowdb.operator.cluster.WorkflowDatabaseRules;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.tls.CertificateIssuer;
import io.workflowdb.operator.tls.KeyAndCertificate;
import io.workflowdb.operator.validation.ResourceValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An external database's {@code caSecret}: the operator trusts exactly those certificates, verifies
 * the host name unless told {@code verify-ca}, and a new CA gives new settings (and so a new pool).
 * Without it, {@code verify-*} trusts the JVM's authorities instead of PgJDBC's file default.
 */
@EnableKubernetesMockClient(crud = true)
class ExternalCaSecretTest {

    static KubernetesClient client;

    private ExternalConnections connections;
    private WorkflowDatabase db;

    @BeforeEach
    void setUp() {
        connections = new ExternalConnections();
        connections.client = client;
        db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("ext").withNamespace("ns" + System.nanoTime() % 100000).build());
        db.setSpec(new WorkflowDatabaseSpec());
        db.getSpec().external = new ExternalSpec();
        db.getSpec().external.hosts = List.of("db.internal:5432");
        db.getSpec().external.database = "workflow_db";
        db.getSpec().external.credentialsSecret = new LocalObjectReference("owner");
        secret("owner", Map.of("username", "app", "password", "s3cret"));
    }

    @Test
    void aCaSecretMeansVerifyFullAgainstExactlyThoseAuthorities() throws Exception {
        db.getSpec().external.caSecret = new LocalObjectReference("db-ca");
        secret("db-ca", Map.of("ca.crt", authority().certificatePem()));

        ConnectionSettings settings = connections.settings(db);
        assertThat(settings.sslMode()).isEqualTo("verify-full");
        assertThat(settings.trustedCa()).isEqualTo(Credentials.decode(client.secrets().inNamespace(db.getMetadata()
                .getNamespace()).withName("db-ca").get().getData()).get("ca.crt"));
        assertThat(settings.jdbcUrl()).contains("sslmode=verify-full")
                .contains("sslfactory=io.workflowdb.operator.tls.PemTlsFactory").contains("workflowdbCa=");
        assertThat(settings.toString()).contains("trustedCa=sha256:").doesNotContain("BEGIN");
        assertThat(connections.settings(db)).as("the same CA, the same settings: the pool is kept").isEqualTo(settings);

        secret("db-ca", Map.of("ca.crt", authority().certificatePem()));
        assertThat(connections.settings(db)).as("a new CA, new settings").isNotEqualTo(settings);

        db.getSpec().external.sslMode = ExternalSpec.SslMode.VERIFY_CA;
        assertThat(connections.settings(db).sslMode()).isEqualTo("verify-ca");
    }

    @Test
    void aMissingOrUnreadableCaSecretIsNamedWithoutItsContent() {
        db.getSpec().external.caSecret = new LocalObjectReference("db-ca");
        assertThatThrownBy(() -> connections.settings(db)).isInstanceOf(ExternalConnections.MissingCredentialsException.class)
                .hasMessageContaining("db-ca").hasMessageContaining("ca.crt");
        secret("db-ca", Map.of("ca.crt", "not a certificate at all"));
        assertThatThrownBy(() -> connections.settings(db)).isInstanceOf(ExternalConnections.MissingCredentialsException.class)
                .hasMessageContaining("db-ca").hasMessageNotContaining("not a certificate at all");
    }

    @Test
    void withoutACaSecretVerifyModesTrustTheJvmsAuthorities() throws Exception {
        db.getSpec().external.sslMode = ExternalSpec.SslMode.VERIFY_FULL;
        ConnectionSettings settings = connections.settings(db);
        assertThat(settings.trustedCa()).isNull();
        assertThat(settings.jdbcUrl()).contains("sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
        db.getSpec().external.sslMode = ExternalSpec.SslMode.REQUIRE;
        assertThat(connections.settings(db).jdbcUrl()).contains("sslmode=require").doesNotContain("sslfactory");
    }

    @Test
    void aCaSecretWithAModeThatDoesNotVerifyIsRefused() {
        db.getSpec().external.caSecret = new LocalObjectReference("db-ca");
        db.getSpec().external.sslMode = ExternalSpec.SslMode.REQUIRE;
        assertThat(new ResourceValidator().validate(db, WorkflowDatabaseRules.with(SpecAllowLists.defaults())))
                .anyMatch(v -> v.field().contains("caSecret") && v.message().contains("verify-ca or verify-full"));
    }

    private static KeyAndCertificate authority() {
        return CertificateIssuer.newAuthority("external test CA", Instant.now(), Duration.ofDays(30));
    }

    private void secret(String name, Map<String, String> values) {
        java.util.Map<String, String> data = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Credentials.encode(v)));
        client.secrets().inNamespace(db.getMetadata().getNamespace()).resource(new SecretBuilder().withNewMetadata()
                .withName(name).withNamespace(db.getMetadata().getNamespace()).endMetadata().withData(data).build())
                .createOr(existing -> existing.update());
    }
}
