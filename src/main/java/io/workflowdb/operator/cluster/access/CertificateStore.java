package io.workflowdb.operator.cluster.access;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.ClusterTls;
import io.workflowdb.operator.tls.CertificateIssuer;
import io.workflowdb.operator.tls.KeyAndCertificate;
import io.workflowdb.operator.tls.PemTlsFactory;
import io.workflowdb.operator.tls.ServedTls;

/**
 * Keeps a managed cluster's certificate authority ({@code <name>-ca}, read by the operator only) and
 * server certificate ({@code <name>-tls}, mounted by the members and the pooler), issuing the
 * certificate again before it expires, and holds what the operator's own connections to the cluster
 * need: the authority to trust, and the superuser's client certificate, which lives in this process's
 * memory only. Like the credentials, the Secrets are kept apart from the
 * desired objects: their content is generated and must survive every reconcile.
 */
@ApplicationScoped
public class CertificateStore {

    private static final Logger LOG = Logger.getLogger(CertificateStore.class);
    static final String CA_KEY = "ca.key";

    @Inject
    KubernetesClient client;

    @Inject
    ClusterSettings settings;

    @Inject
    Clock clock;

    /** What this process's connections to one cluster use. */
    private record Material(String authorityPem, KeyAndCertificate operator) {
    }

    private final Map<String, Material> material = new ConcurrentHashMap<>();

    /** The cluster's TLS for this reconcile; without TLS nothing is read or written. */
    public ClusterTls ensure(WorkflowDatabase db, ServedTls served) {
        if (!served.enabled()) {
            return ClusterTls.withoutCertificates(served);
        }
        Instant now = clock.instant();
        KeyAndCertificate authority = authority(db, now);
        KeyAndCertificate server = server(db, authority, now);
        remember(db, authority, now);
        return new ClusterTls(served, authority.certificatePem(), server.serialNumber(), authority.notAfter(),
                server.notBefore().plus(CertificateIssuer.BACKDATE), server.notAfter());
    }

    /** Which cluster a key of {@link #keys} names: {@code namespace/name}. */
    static String key(WorkflowDatabase db) {
        return ClusterNames.namespace(db) + "/" + ClusterNames.name(db);
    }

    /**
     * The cluster's authority (PEM), read from its Secret when this process has not reconciled the
     * cluster yet (a policy may run first after a restart); null when the cluster has none.
     */
    public String authorityPem(WorkflowDatabase db) {
        Material known = material.get(key(db));
        if (known != null) {
            return known.authorityPem();
        }
        Secret stored = read(db, ClusterNames.authoritySecret(db));
        if (stored == null) {
            return null;
        }
        Map<String, String> data = Credentials.decode(stored.getData());
        return remember(db, new KeyAndCertificate(data.get(ServedTls.CA_FILE), data.get(CA_KEY)), clock.instant())
                .authorityPem();
    }

    /** The TLS context trusting the cluster's authority only, for its Patroni REST API; null without one. */
    public SSLContext trust(WorkflowDatabase db) {
        String authority = authorityPem(db);
        return authority == null ? null : PemTlsFactory.context(authority, null);
    }

    /**
     * Driver properties for the superuser's set-up connections: the authority to verify the server
     * with and the operator's client certificate; null when the cluster has no authority yet.
     */
    public Properties superuserTls(WorkflowDatabase db) {
        Material known = material.get(key(db));
        return known == null ? null : PemTlsFactory.properties(known.authorityPem(), known.operator());
    }

    /** Forgets what this process held for a deleted database ({@code namespace/name}). */
    public void forget(String key) {
        material.remove(key);
    }

    /** The databases ({@code namespace/name}) this process holds material for. */
    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(material.keySet());
    }

    private KeyAndCertificate authority(WorkflowDatabase db, Instant now) {
        Secret stored = read(db, ClusterNames.authoritySecret(db));
        if (stored == null) {
            KeyAndCertificate fresh = ClusterCertificates.newAuthority(db, now);
            Secret created = create(db, secret(db, ClusterNames.authoritySecret(db), "Opaque",
                    Map.of(ServedTls.CA_FILE, fresh.certificatePem(), CA_KEY, fresh.privateKeyPem())));
            if (created != null) {
                LOG.infof("%s: issued a certificate authority, valid until %s", key(db), fresh.notAfter());
                return fresh;
            }
            stored = read(db, ClusterNames.authoritySecret(db));
        }
        Map<String, String> data = Credentials.decode(stored.getData());
        return new KeyAndCertificate(data.get(ServedTls.CA_FILE), data.get(CA_KEY));
    }

    private KeyAndCertificate server(WorkflowDatabase db, KeyAndCertificate authority, Instant now) {
        String name = ClusterNames.tlsSecret(db);
        Secret stored = read(db, name);
        KeyAndCertificate current = null;
        if (stored != null) {
            Map<String, String> data = Credentials.decode(stored.getData());
            current = data.get(ServedTls.CERT_FILE) == null || data.get(ServedTls.KEY_FILE) == null ? null
                    : new KeyAndCertificate(data.get(ServedTls.CERT_FILE), data.get(ServedTls.KEY_FILE));
        }
        String reason = ClusterCertificates.serverRenewal(db, current, authority, settings.tlsExtraNames(), now);
        if (reason == null) {
            return current;
        }
        KeyAndCertificate issued = ClusterCertificates.issueServer(db, authority, settings.tlsExtraNames(), now);
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ServedTls.CA_FILE, authority.certificatePem());
        data.put(ServedTls.CERT_FILE, issued.certificatePem());
        data.put(ServedTls.KEY_FILE, issued.privateKeyPem());
        Secret desired = secret(db, name, "kubernetes.io/tls", data);
        if (stored == null) {
            if (create(db, desired) == null) {
                return server(db, authority, now);
            }
        } else {
            client.secrets().inNamespace(ClusterNames.namespace(db)).withName(name)
                    .edit(s -> new SecretBuilder(s).withData(desired.getData()).build());
        }
        LOG.infof("%s: issued a server certificate (serial %s, valid until %s): %s", key(db), issued.serialNumber(),
                issued.notAfter(), reason);
        return issued;
    }

    /** Keeps the authority, and issues the operator's client certificate again when it must. */
    private Material remember(WorkflowDatabase db, KeyAndCertificate authority, Instant now) {
        return material.compute(key(db), (key, current) -> current != null
                && current.authorityPem().equals(authority.certificatePem())
                && !ClusterCertificates.operatorRenewal(current.operator(), authority, now) ? current
                        : new Material(authority.certificatePem(), ClusterCertificates.issueOperator(authority, now)));
    }

    /** A Secret of this cluster, or null; one someone else made under its name is refused, never adopted. */
    private Secret read(WorkflowDatabase db, String name) {
        Secret secret = client.secrets().inNamespace(ClusterNames.namespace(db)).withName(name).get();
        if (secret != null && !CredentialsStore.madeForThis(secret, db)) {
            throw new CredentialsStore.ForeignSecretException(db, name, "certificates");
        }
        return secret;
    }

    /** The created Secret, or null when another reconcile created it first. */
    private Secret create(WorkflowDatabase db, Secret secret) {
        try {
            return client.resource(secret).inNamespace(ClusterNames.namespace(db)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return null;
        }
    }

    private static Secret secret(WorkflowDatabase db, String name, String type, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Credentials.encode(v)));
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_TLS)).endMetadata()
                .withType(type).withData(data).build();
        secret.addOwnerReference(db);
        return secret;
    }
}
