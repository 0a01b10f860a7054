package io.workflowdb.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The cluster CA's certificates against a real PostgreSQL 17 with {@code ssl=on}, reached through
 * {@link PemTlsFactory}: a server of its own, since its pg_hba.conf admits TLS only.
 * Like {@code TestPostgres}, the server runs as the JVM's user, which therefore owns the key file.
 */
class ClusterTlsPostgresTest {

    private static final String PASSWORD = "tls-Test-Pa55";
    private static Properties TRUSTED;
    private static Properties UNTRUSTED;
    private static Properties CERT_USER;
    private static Properties WRONG_CN;

    private static final Instant NOW = Instant.now();
    private static final KeyAndCertificate CA = CertificateIssuer.newAuthority("test-cluster-ca", NOW, Duration.ofDays(1));

    private static Path tls;
    private static Path data;
    private static EmbeddedPostgres server;
    private static KeyAndCertificate serverCertificate;

    @BeforeAll
    static void start() throws Exception {
        tls = Files.createTempDirectory("workflowdb-tls");
        data = Files.createTempDirectory("workflowdb-tls-pg");
        serverCertificate = serverCertificate(List.of("localhost"), List.of("127.0.0.1"));
        installServerCertificate(serverCertificate);
        Files.writeString(tls.resolve("ca.crt"), CA.certificatePem());

        server = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", tls.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", tls.resolve("server.key").toString())
                // the CA client certificates must chain to, for the cert method
                .setServerConfig("ssl_ca_file", tls.resolve("ca.crt").toString())
                .start();

        // initdb trusted every connection, which the builder relied on to see the server up; from now on
        // TLS only, with a password or, for certuser, a client certificate
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD '" + PASSWORD + "'");
            st.execute("CREATE ROLE certuser LOGIN");
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "hostssl all certuser 127.0.0.1/32 cert",
                    "hostssl all all 127.0.0.1/32 scram-sha-256",
                    "host all all 127.0.0.1/32 reject",
                    "host all all ::1/128 reject", ""));
            st.execute("SELECT pg_reload_conf()");
        }

        TRUSTED = PemTlsFactory.properties(CA.certificatePem(), null);
        // the same name as the cluster's CA: only its key tells it apart
        KeyAndCertificate otherCa = CertificateIssuer.newAuthority("test-cluster-ca", NOW, Duration.ofDays(1));
        UNTRUSTED = PemTlsFactory.properties(otherCa.certificatePem(), null);
        CERT_USER = PemTlsFactory.properties(CA.certificatePem(),
                CertificateIssuer.issueClient(CA, "certuser", NOW, Duration.ofDays(1)));
        WRONG_CN = PemTlsFactory.properties(CA.certificatePem(),
                CertificateIssuer.issueClient(CA, "postgres", NOW, Duration.ofDays(1)));

        // the reload is asynchronous: wait until the new pg_hba.conf turns plain connections away
        await().atMost(Duration.ofSeconds(5))
                .until(() -> refused(() -> connect("localhost", "disable", TRUSTED, "postgres", PASSWORD).close()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void verifyFullThroughTheFactoryIsTls() throws Exception {
        // the CA as a URL parameter, as the operator's pools pass it: PgJDBC hands unknown URL
        // parameters to the factory too
        String url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?sslmode=verify-full"
                + PemTlsFactory.urlParameters(CA.certificatePem());
        try (Connection c = DriverManager.getConnection(url, "postgres", PASSWORD)) {
            assertThat(query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
            assertThat(query(c, "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void verifyFullAcceptsAnAddressListedAsIpSubjectAltName() throws Exception {
        try (Connection c = connect("127.0.0.1", "verify-full", TRUSTED, "postgres", PASSWORD)) {
            assertThat(query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
    }

    @Test
    void aServerVouchedForByAnotherCaIsRefused() {
        for (String mode : List.of("verify-full", "require")) {
            assertThatThrownBy(() -> connect("localhost", mode, UNTRUSTED, "postgres", PASSWORD).close())
                    .as(mode).isInstanceOf(SQLException.class)
                    .hasMessageContaining("SSL error")
                    .hasMessageContaining("PKIX path")
                    .hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aFactoryWithoutItsAuthorityOrWithHalfAClientCertificateFailsNamingTheProperty() {
        assertThatThrownBy(() -> new PemTlsFactory(new Properties()))
                .hasMessageContaining("connection property workflowdbCa is not set");
        Properties half = PemTlsFactory.properties(CA.certificatePem(), null);
        half.setProperty(PemTlsFactory.CERT_PROPERTY, CA.certificatePem());
        assertThatThrownBy(() -> new PemTlsFactory(half)).hasMessageContaining("go together");
        assertThat(PemTlsFactory.context(CA.certificatePem(), null)).as("one context per material")
                .isSameAs(PemTlsFactory.context(CA.certificatePem(), null));
    }

    @Test
    void certUserLogsInWithItsClientCertificateAlone() throws Exception {
        try (Connection c = connect("localhost", "verify-full", CERT_USER, "certuser", null)) {
            assertThat(query(c, "SELECT current_user")).isEqualTo("certuser");
            assertThat(query(c, "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).contains("CN=certuser");
        }
        assertThatThrownBy(() -> connect("localhost", "verify-full", TRUSTED, "certuser", null).close())
                .as("no client certificate").isInstanceOf(SQLException.class)
                .hasMessageContaining("connection requires a valid client certificate");
        assertThatThrownBy(() -> connect("localhost", "verify-full", WRONG_CN, "certuser", null).close())
                .as("a certificate for another role").isInstanceOf(SQLException.class)
                .hasMessageContaining("certificate authentication failed for user \"certuser\"");
    }

    @Test
    void plainConnectionsAreRefused() {
        assertThatThrownBy(() -> connect("localhost", "disable", TRUSTED, "postgres", PASSWORD).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("pg_hba.conf rejects connection")
                .hasMessageContaining("no encryption");
    }

    @Test
    void verifyFullRefusesANameTheCertificateLacks() throws Exception {
        KeyAndCertificate dnsOnly = serverCertificate(List.of("localhost"), List.of());
        reloadWith(dnsOnly);
        try {
            assertThatThrownBy(() -> connect("127.0.0.1", "verify-full", TRUSTED, "postgres", PASSWORD).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("The hostname 127.0.0.1 could not be verified");
            try (Connection c = connect("127.0.0.1", "verify-ca", TRUSTED, "postgres", PASSWORD)) {
                assertThat(query(c, "SELECT 1")).as("verify-ca checks the chain, not the name").isEqualTo("1");
            }
            try (Connection c = connect("localhost", "verify-full", TRUSTED, "postgres", PASSWORD)) {
                assertThat(query(c, "SELECT 1")).isEqualTo("1");
            }
        } finally {
            reloadWith(serverCertificate);
        }
    }

    @Test
    void aRenewedServerCertificateIsServedAfterAReloadWithoutRestart() throws Exception {
        String started;
        try (Connection c = connect("localhost", "verify-full", TRUSTED, "postgres", PASSWORD)) {
            started = query(c, "SELECT pg_postmaster_start_time()");
        }
        assertThat(servedSerial()).isEqualTo(serverCertificate.serialNumber());

        KeyAndCertificate renewed = serverCertificate(List.of("localhost"), List.of("127.0.0.1"));
        assertThat(renewed.serialNumber()).isNotEqualTo(serverCertificate.serialNumber());
        reloadWith(renewed);
        try {
            try (Connection c = connect("localhost", "verify-full", TRUSTED, "postgres", PASSWORD)) {
                assertThat(query(c, "SELECT pg_postmaster_start_time()")).as("no restart").isEqualTo(started);
            }
        } finally {
            reloadWith(serverCertificate);
        }
    }

    private static KeyAndCertificate serverCertificate(List<String> dnsNames, List<String> ipAddresses) {
        return CertificateIssuer.issueServer(CA, "postgres", dnsNames, ipAddresses, NOW, Duration.ofHours(12));
    }

    /** Writes the key as PostgreSQL demands of a key owned by the user it runs as: readable by that user alone. */
    private static void installServerCertificate(KeyAndCertificate certificate) throws IOException {
        Files.writeString(tls.resolve("server.crt"), certificate.certificatePem());
        Path key = tls.resolve("server.key");
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, certificate.privateKeyPem());
    }

    /** Overwrites the files, reloads, and waits until new connections get the new certificate (a reload is asynchronous). */
    private static void reloadWith(KeyAndCertificate certificate) throws Exception {
        installServerCertificate(certificate);
        try (Connection c = connect("localhost", "verify-ca", TRUSTED, "postgres", PASSWORD)) {
            query(c, "SELECT pg_reload_conf()");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> servedSerial().equals(certificate.serialNumber()));
    }

    /**
     * The serial of the certificate the server presents, read as a client would: the 8-byte SSLRequest
     * (length 8, code 80877103), the server's 'S', then a handshake over the same socket.
     */
    private static String servedSerial() throws IOException {
        SSLContext context = TlsContexts.of(CA.certificatePem(), null);
        try (Socket plain = new Socket("127.0.0.1", server.getPort())) {
            DataOutputStream out = new DataOutputStream(plain.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.flush();
            assertThat(plain.getInputStream().read()).as("server agrees to TLS").isEqualTo('S');
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", server.getPort(), true)) {
                socket.startHandshake();
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
            }
        }
    }

    private static Connection connect(String host, String sslMode, Properties tls, String user, String password)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.putAll(tls);
        properties.setProperty("sslmode", sslMode);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + server.getPort() + "/postgres", properties);
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static boolean refused(Attempt attempt) {
        try {
            attempt.run();
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
