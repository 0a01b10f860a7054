package io.workflowdb.operator.cluster.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.model.ClusterTls;
import io.workflowdb.operator.cluster.observe.TlsStatusMapper;
import io.workflowdb.operator.testing.MutableClock;
import io.workflowdb.operator.tls.KeyAndCertificate;
import io.workflowdb.operator.tls.ServedTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cluster's authority and server certificate in their Secrets: issued once, kept across
 * reconciles and operator restarts, issued again before expiry or when the names change, and never
 * taken from a Secret the operator did not make.
 */
@EnableKubernetesMockClient(crud = true)
class CertificateStoreTest {

    static KubernetesClient client;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private WorkflowDatabase db;

    @BeforeEach
    void resource() {
        db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop-" + System.nanoTime() % 100000)
                .withUid("uid-1").build());
        db.setSpec(new WorkflowDatabaseSpec());
    }

    private CertificateStore store(List<String> extraNames) {
        CertificateStore store = new CertificateStore();
        store.client = client;
        store.clock = clock;
        store.settings = new ClusterSettings("p", "b", "primary", 101, 103, ClusterSettings.DEFAULT_PATRONI_API_URL,
                ClusterSettings.DEFAULT_DATABASE_ADDRESS, "ops", extraNames, ServedTls.Mode.VERIFY_FULL);
        return store;
    }

    @Test
    void issuesAnAuthorityAndAServerCertificateForEveryNameOfTheCluster() {
        ClusterTls tls = store(List.of("127.0.1.10", "db.example.com")).ensure(db, ServedTls.DEFAULT);

        Secret authority = secret("orders-ca");
        Secret server = secret("orders-tls");
        assertThat(server.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(authority.getData()).containsOnlyKeys("ca.crt", "ca.key");
        assertThat(server.getData()).containsOnlyKeys("ca.crt", "tls.crt", "tls.key");
        for (Secret s : List.of(authority, server)) {
            assertThat(CredentialsStore.madeForThis(s, db)).isTrue();
            assertThat(s.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(ref -> assertThat(ref.getUid()).isEqualTo("uid-1"));
        }
        KeyAndCertificate issued = server(db);
        String ns = db.getMetadata().getNamespace();
        assertThat(issued.dnsNames()).contains("orders-primary", "orders-primary." + ns + ".svc", "orders-pooler." + ns + ".svc",
                "orders-replicas." + ns + ".svc.cluster.local", "*.orders." + ns + ".svc", "localhost", "db.example.com");
        assertThat(issued.ipAddresses()).contains("127.0.0.1", "127.0.1.10");
        assertThat(ClusterCertificates.signedBy(issued, authority(db))).isTrue();
        assertThat(tls.serverSerial()).isEqualTo(issued.serialNumber());
        assertThat(tls.authorityPem()).isEqualTo(authority(db).certificatePem());
        assertThat(tls.serverExpires()).isEqualTo(issued.notAfter());
        assertThat(tls.serverIssued()).isEqualTo(clock.instant());
    }

    @Test
    void keepsTheCertificateUntilThirtyDaysBeforeItExpiresThenIssuesANewOneUnderTheSameAuthority() {
        CertificateStore store = store(List.of());
        ClusterTls first = store.ensure(db, ServedTls.DEFAULT);
        String authority = authority(db).certificatePem();

        clock.set(clock.instant().plus(Duration.ofDays(300)));
        assertThat(store(List.of()).ensure(db, ServedTls.DEFAULT).serverSerial()).as("a new process reads the Secrets")
                .isEqualTo(first.serverSerial());

        clock.set(clock.instant().plus(Duration.ofDays(40)));
        ClusterTls renewed = store.ensure(db, ServedTls.DEFAULT);
        assertThat(renewed.serverSerial()).isNotEqualTo(first.serverSerial());
        assertThat(renewed.serverIssued()).isEqualTo(clock.instant());
        assertThat(server(db).serialNumber()).isEqualTo(renewed.serverSerial());
        assertThat(authority(db).certificatePem()).isEqualTo(authority);
        assertThat(TlsStatusMapper.reloading(renewed, clock.instant())).isTrue();
        assertThat(TlsStatusMapper.reloading(renewed, clock.instant().plus(Duration.ofMinutes(16)))).isFalse();
    }

    @Test
    void issuesAgainWhenTheNamesChangeOrTheCertificateIsNotTheAuthoritys() {
        String first = store(List.of()).ensure(db, ServedTls.DEFAULT).serverSerial();
        String named = store(List.of("10.0.0.9")).ensure(db, ServedTls.DEFAULT).serverSerial();
        assertThat(named).isNotEqualTo(first);

        KeyAndCertificate stranger = ClusterCertificates.issueServer(db, ClusterCertificates.newAuthority(db, clock.instant()),
                List.of("10.0.0.9"), clock.instant());
        client.secrets().inNamespace(db.getMetadata().getNamespace()).withName("orders-tls").edit(s -> new SecretBuilder(s)
                .addToData("tls.crt", Credentials.encode(stranger.certificatePem()))
                .addToData("tls.key", Credentials.encode(stranger.privateKeyPem())).build());
        String replaced = store(List.of("10.0.0.9")).ensure(db, ServedTls.DEFAULT).serverSerial();
        assertThat(replaced).isNotEqualTo(stranger.serialNumber());
        assertThat(ClusterCertificates.signedBy(server(db), authority(db))).isTrue();
    }

    @Test
    void refusesAnAuthoritySecretItDidNotMake() {
        client.secrets().inNamespace(db.getMetadata().getNamespace()).resource(new SecretBuilder().withNewMetadata()
                .withName("orders-ca").withNamespace(db.getMetadata().getNamespace()).endMetadata()
                .withData(Map.of("ca.crt", Credentials.encode("planted"), "ca.key", Credentials.encode("planted")))
                .build()).create();
        assertThatThrownBy(() -> store(List.of()).ensure(db, ServedTls.DEFAULT))
                .isInstanceOf(CredentialsStore.ForeignSecretException.class).hasMessageContaining("orders-ca")
                .hasMessageNotContaining("planted");
        assertThat(client.secrets().inNamespace(db.getMetadata().getNamespace()).withName("orders-tls").get()).isNull();
    }

    @Test
    void withoutTlsNothingIsIssuedAndANewProcessFindsTheAuthorityForItsConnections() {
        assertThat(store(List.of()).ensure(db, new ServedTls(ServedTls.Mode.OFF, true)).authorityPem()).isNull();
        assertThat(client.secrets().inNamespace(db.getMetadata().getNamespace()).withName("orders-ca").get()).isNull();
        assertThat(store(List.of()).trust(db)).isNull();

        store(List.of()).ensure(db, ServedTls.DEFAULT);
        CertificateStore restarted = store(List.of());
        assertThat(restarted.trust(db)).isNotNull();
        assertThat(restarted.keys()).containsExactly(CertificateStore.key(db));
        assertThat(restarted.superuserTls(db).getProperty(io.workflowdb.operator.tls.PemTlsFactory.CERT_PROPERTY))
                .as("the operator's client certificate, issued in memory").contains("BEGIN CERTIFICATE");
        restarted.forget(CertificateStore.key(db));
        assertThat(restarted.keys()).isEmpty();
    }

    private Secret secret(String name) {
        return client.secrets().inNamespace(db.getMetadata().getNamespace()).withName(name).get();
    }

    private KeyAndCertificate server(WorkflowDatabase db) {
        Map<String, String> data = Credentials.decode(secret("orders-tls").getData());
        return new KeyAndCertificate(data.get("tls.crt"), data.get("tls.key"));
    }

    private KeyAndCertificate authority(WorkflowDatabase db) {
        Map<String, String> data = Credentials.decode(secret("orders-ca").getData());
        return new KeyAndCertificate(data.get("ca.crt"), data.get("ca.key"));
    }
}
