package io.workflowdb.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.fabric8.kubernetes.api.model.Secret;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.access.ClusterCertificates;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.access.DatabaseSetupAccess;
import io.workflowdb.operator.tls.KeyAndCertificate;
import io.workflowdb.operator.tls.PemTlsFactory;
import io.workflowdb.operator.tls.ServedTls;
import io.workflowdb.operator.tls.TlsContexts;

/**
 * A cluster's TLS material as the kubelet mounts it from the {@code <name>-tls} Secret into every
 * pod at {@link ServedTls#DIRECTORY}: here one directory per cluster, owned by {@code postgres}, whose
 * path replaces that one in the members' copy of patroni.yml. The authority's key stays in memory: the
 * tests issue the superuser's client certificate with it, as the operator does.
 *
 * @param authority the cluster CA, with its key
 * @param server    the server certificate and key every member serves
 */
record ClusterTlsFiles(KeyAndCertificate authority, KeyAndCertificate server) {

    /** Every address the members, the primary stand-in and PgBouncer listen on, in either topology. */
    static List<String> loopbackNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add(LoopbackTopology.FIRST_MEMBER_ADDRESS + (LoopbackTopology.FIRST_MEMBER_OCTET + i));
        }
        names.add(LoopbackTopology.PROXY_ADDRESS);
        names.add("127.0.0.1");
        return names;
    }

    /** Issued here, as {@code CertificateStore} issues them, naming the loopback addresses as extra names. */
    static ClusterTlsFiles issuedFor(WorkflowDatabase db) {
        Instant now = Instant.now();
        KeyAndCertificate authority = ClusterCertificates.newAuthority(db, now);
        return new ClusterTlsFiles(authority, ClusterCertificates.issueServer(db, authority, loopbackNames(), now));
    }

    /** The operator's: its {@code <name>-ca} and {@code <name>-tls} Secrets. */
    static ClusterTlsFiles fromSecrets(Secret authoritySecret, Secret tlsSecret) {
        Map<String, String> ca = Credentials.decode(authoritySecret.getData());
        Map<String, String> tls = Credentials.decode(tlsSecret.getData());
        return new ClusterTlsFiles(new KeyAndCertificate(ca.get("ca.crt"), ca.get("ca.key")),
                new KeyAndCertificate(tls.get(ServedTls.CERT_FILE), tls.get(ServedTls.KEY_FILE)));
    }

    /** The same authority with another server certificate: a renewal. */
    ClusterTlsFiles renewed(WorkflowDatabase db) {
        return new ClusterTlsFiles(authority, ClusterCertificates.issueServer(db, authority, loopbackNames(),
                Instant.now()));
    }

    String caPem() {
        return authority.certificatePem();
    }

    /**
     * Writes ca.crt, tls.crt and tls.key into {@code directory} (0700, the key 0600, all owned by
     * {@code postgres}, who runs Patroni, PostgreSQL and PgBouncer); PostgreSQL refuses a key others may read.
     */
    void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        io.workflowdb.operator.testing.PostgresUser.handOver(directory);
        write(directory.resolve(ServedTls.CA_FILE), caPem(), "rw-r--r--");
        write(directory.resolve(ServedTls.CERT_FILE), server.certificatePem(), "rw-r--r--");
        write(directory.resolve(ServedTls.KEY_FILE), server.privateKeyPem(), "rw-------");
    }

    /** Writes only ca.crt, readable by this JVM's clients (PgJDBC's sslrootcert). */
    void writeAuthority(Path file) throws IOException {
        Files.writeString(file, caPem(), StandardCharsets.UTF_8);
    }

    private static void write(Path file, String content, String mode) throws IOException {
        // a new file then a rename, as the kubelet swaps a Secret volume's files: readers see old or new
        Path next = file.resolveSibling("." + file.getFileName() + ".next");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString(mode));
        io.workflowdb.operator.testing.PostgresUser.handOver(next);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** PgJDBC properties trusting the CA only; the harness's HTTPS client trusts it from now on too. */
    Properties trust() {
        Http.trust(caPem());
        return PemTlsFactory.properties(caPem(), null);
    }

    /** PgJDBC properties trusting the CA and presenting the superuser's client certificate, as the operator does. */
    Properties superuser() {
        Http.trust(caPem());
        return DatabaseSetupAccess.superuserTls(authority);
    }
}
