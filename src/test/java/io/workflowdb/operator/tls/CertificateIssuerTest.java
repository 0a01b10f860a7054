package io.workflowdb.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    // whole seconds: X.509 times have no finer precision
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final KeyAndCertificate ca = CertificateIssuer.newAuthority("wfdb-ca", now, Duration.ofDays(30));

    @Test
    void authorityIsASelfSignedCaThatSignsOnlyLeaves() throws Exception {
        X509Certificate cert = leaf(ca);
        assertThat(cert.getBasicConstraints()).as("CA:true, pathlen 0").isZero();
        boolean[] usage = cert.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(cert.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=wfdb-ca"));
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ca.notBefore()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(ca.notAfter()).isEqualTo(now.plus(Duration.ofDays(30)));
        assertThat(ca.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void serverCertificateChainsToTheCaAndNamesItsHosts() throws Exception {
        List<String> dns = List.of("db-primary.team-a.svc", "*.db-pods.team-a.svc", "localhost");
        KeyAndCertificate server = CertificateIssuer.issueServer(ca, "db-primary", dns, List.of("127.0.0.1", "::1"), now,
                Duration.ofDays(7));
        X509Certificate cert = leaf(server);

        cert.verify(leaf(ca).getPublicKey());
        validatePath(cert, leaf(ca));
        assertThatThrownBy(() -> validatePath(cert, leaf(CertificateIssuer.newAuthority("other", now, Duration.ofDays(1)))))
                .isInstanceOf(CertPathValidatorException.class);

        assertThat(server.dnsNames()).containsExactlyElementsOf(dns);
        assertThat(server.ipAddresses()).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        boolean[] usage = cert.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[4]).as("keyAgreement").isTrue();
        assertThat(usage[5]).as("keyCertSign").isFalse();
        assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=db-primary"));
        assertThat(cert.getIssuerX500Principal()).isEqualTo(leaf(ca).getSubjectX500Principal());
        assertThat(keyIdentifierNamedByAuthorityKeyIdentifier(cert)).isEqualTo(subjectKeyIdentifier(leaf(ca)));
        assertThat(subjectKeyIdentifier(cert)).isNotEqualTo(subjectKeyIdentifier(leaf(ca)));
        assertThat(server.notBefore()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(server.notAfter()).isEqualTo(now.plus(Duration.ofDays(7)));
    }

    @Test
    void certificatesNeverOutliveTheirCa() {
        KeyAndCertificate server = CertificateIssuer.issueServer(ca, "db", List.of("db"), List.of(), now, Duration.ofDays(365));
        KeyAndCertificate client = CertificateIssuer.issueClient(ca, "app", now, Duration.ofDays(365));
        assertThat(server.notAfter()).isEqualTo(ca.notAfter());
        assertThat(client.notAfter()).isEqualTo(ca.notAfter());

        assertThatThrownBy(() -> CertificateIssuer.issueServer(ca, "db", List.of("db"), List.of(), now.plus(Duration.ofDays(31)),
                Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expired");
    }

    @Test
    void clientCertificateNamesTheRoleInItsCn() throws Exception {
        KeyAndCertificate client = CertificateIssuer.issueClient(ca, "certuser", now, Duration.ofDays(1));
        X509Certificate cert = leaf(client);
        cert.verify(leaf(ca).getPublicKey());
        assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=certuser"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.dnsNames()).isEmpty();
    }

    @Test
    void aCommaInTheNameStaysInsideTheCn() throws Exception {
        X509Certificate cert = leaf(CertificateIssuer.issueClient(ca, "eve,O=admins", now, Duration.ofDays(1)));
        List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns();
        assertThat(rdns).hasSize(1);
        assertThat(rdns.get(0).getType()).isEqualTo("CN");
        assertThat(rdns.get(0).getValue()).isEqualTo("eve,O=admins");
    }

    @Test
    void serialsAreRandomPositiveAndDistinct() {
        Set<String> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            KeyAndCertificate cert = CertificateIssuer.issueClient(ca, "u", now, Duration.ofDays(1));
            assertThat(cert.serialNumber()).matches("[0-9a-f]{32}");
            assertThat(leaf(cert).getSerialNumber().signum()).isPositive();
            serials.add(cert.serialNumber());
        }
        assertThat(serials).hasSize(20).doesNotContain(ca.serialNumber());
    }

    @Test
    void refusesNamesThatAreNotHostNamesOrAddresses() {
        for (String bad : List.of("two words", "a..b", "*.*.svc", "db*.svc", "-db.svc", "")) {
            assertThatThrownBy(() -> CertificateIssuer.issueServer(ca, "db", List.of(bad), List.of(), now, Duration.ofDays(1)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CertificateIssuer.issueServer(ca, "db", List.of(), List.of("10.0.0.256"), now, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateIssuer.issueServer(ca, "db", List.of(), List.of(), now, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    @Test
    void aCaWhoseKeyIsNotItsOwnIsRefused() {
        KeyAndCertificate other = CertificateIssuer.newAuthority("other", now, Duration.ofDays(1));
        KeyAndCertificate mixed = new KeyAndCertificate(ca.certificatePem(), other.privateKeyPem());
        assertThatThrownBy(() -> CertificateIssuer.issueClient(mixed, "u", now, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
        KeyAndCertificate leaf = CertificateIssuer.issueClient(ca, "u", now, Duration.ofDays(1));
        assertThatThrownBy(() -> CertificateIssuer.issueClient(leaf, "v", now, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CA");
    }

    @Test
    void toStringNamesTheCertificateButNotTheKey() {
        String text = ca.toString();
        assertThat(text).contains("CN=wfdb-ca", ca.serialNumber()).doesNotContain("PRIVATE KEY");
        String keyBody = ca.privateKeyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(text).doesNotContain(keyBody.substring(0, 20));
    }

    @Test
    void pemRoundTripsAndTheKeyBelongsToTheCertificate() throws Exception {
        KeyAndCertificate server = CertificateIssuer.issueServer(ca, "db", List.of("db"), List.of(), now, Duration.ofDays(1));
        X509Certificate cert = leaf(server);
        assertThat(Pem.encode(cert)).isEqualTo(server.certificatePem());
        PrivateKey key = Pem.privateKey(server.privateKeyPem());
        assertThat(key.getFormat()).isEqualTo("PKCS#8");
        assertThat(Pem.encode(key)).isEqualTo(server.privateKeyPem());
        assertSignsFor(key, cert.getPublicKey(), "SHA256withECDSA");

        List<X509Certificate> bundle = Pem.certificates(server.certificatePem() + ca.privateKeyPem() + ca.certificatePem());
        assertThat(bundle).containsExactly(cert, leaf(ca));
        assertThat(Pem.privateKey(server.certificatePem() + server.privateKeyPem())).isEqualTo(key);
    }

    @Test
    void readsTheOpenSslKeyFormatsAUserMaySupply() throws Exception {
        // a throwaway key from `openssl ecparam -name prime256v1 -genkey -noout`, with its public half
        String ecPem = """
                -----BEGIN EC PRIVATE KEY-----
                MHcCAQEEIAv2hvhWC+Gn0xDaWBdSe+5KGlShzkJrmPU66g4KWoE/oAoGCCqGSM49
                AwEHoUQDQgAEO/XiUBdakaNlim7/p5nEWlU0xr4AbyoUL0qvhq4youRO+EW8QFbL
                U5SM/CXgskvMT/EQYQloRvzlsKAA8L4aEQ==
                -----END EC PRIVATE KEY-----
                """;
        PublicKey ecPublic = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(
                "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEO/XiUBdakaNlim7/p5nEWlU0xr4A"
                        + "byoUL0qvhq4youRO+EW8QFbLU5SM/CXgskvMT/EQYQloRvzlsKAA8L4aEQ==")));
        assertSignsFor(Pem.privateKey(ecPem), ecPublic, "SHA256withECDSA");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        String rsaPem = traditional(rsa.getPrivate());
        assertThat(rsaPem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertSignsFor(Pem.privateKey(rsaPem), rsa.getPublic(), "SHA256withRSA");
    }

    @Test
    void garbageIsRefusedWithoutEchoingIt() {
        String secret = "c2VjcmV0LWtleS1tYXRlcmlhbC1kby1ub3QtbG9n";
        String brokenKey = "-----BEGIN PRIVATE KEY-----\n" + secret + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.privateKey(brokenKey)).isInstanceOf(IllegalArgumentException.class)
                .hasNoCause().message().doesNotContain(secret).doesNotContain("c2VjcmV0");
        assertThatThrownBy(() -> Pem.privateKey(secret)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(secret);
        assertThatThrownBy(() -> Pem.privateKey(ca.certificatePem())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no PRIVATE KEY");

        String brokenCertificate = "-----BEGIN CERTIFICATE-----\n" + secret + "\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.certificates(brokenCertificate)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(secret);
        assertThatThrownBy(() -> Pem.certificates("just text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no CERTIFICATE");
        assertThatThrownBy(() -> Pem.certificates(ca.privateKeyPem())).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(ca.privateKeyPem().substring(30, 60));
    }

    @Test
    void fingerprintIsTheSha256OfTheDer() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf(ca).getEncoded()));
        assertThat(Pem.sha256Fingerprint(ca.certificatePem())).isEqualTo(expected).matches("[0-9a-f]{64}");
        KeyAndCertificate renewed = CertificateIssuer.newAuthority("wfdb-ca", now, Duration.ofDays(30));
        assertThat(Pem.sha256Fingerprint(renewed.certificatePem())).isNotEqualTo(expected);
    }

    private static X509Certificate leaf(KeyAndCertificate material) {
        return Pem.certificates(material.certificatePem()).get(0);
    }

    private void validatePath(X509Certificate cert, X509Certificate trusted) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trusted, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), parameters);
    }

    private static byte[] subjectKeyIdentifier(X509Certificate cert) throws Exception {
        return SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                cert.getExtensionValue(Extension.subjectKeyIdentifier.getId()))).getKeyIdentifier();
    }

    private static byte[] keyIdentifierNamedByAuthorityKeyIdentifier(X509Certificate cert) throws Exception {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                cert.getExtensionValue(Extension.authorityKeyIdentifier.getId())));
        assertThat(aki.getAuthorityCertIssuer()).as("key identifier only").isNull();
        return aki.getKeyIdentifier();
    }

    private static void assertSignsFor(PrivateKey key, PublicKey publicKey, String algorithm) throws Exception {
        byte[] data = Base64.getDecoder().decode("d29ya2Zsb3dkYg==");
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        assertThat(verifier.verify(signature)).as("the key read back signs for the certificate's public key").isTrue();
    }

    /** The OpenSSL "traditional" form ({@code RSA PRIVATE KEY}) BouncyCastle writes for a bare RSA key. */
    private static String traditional(PrivateKey key) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(key);
        }
        return text.toString();
    }
}
