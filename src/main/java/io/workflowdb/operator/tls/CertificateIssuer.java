package io.workflowdb.operator.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Issues the certificates of a cluster's own CA: the CA itself, server certificates for PostgreSQL
 * and PgBouncer, and client certificates for PostgreSQL's {@code cert} authentication. Keys are EC
 * P-256 from the JDK, small and fast for the handshakes and accepted by every client we serve.
 * Each certificate starts an hour before {@code now}, so a peer whose clock lags a little does not
 * reject a certificate issued a moment ago.
 */
public final class CertificateIssuer {

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A host name of letters, digits and hyphens, optionally a {@code *.} wildcard over its first label. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private CertificateIssuer() {
    }

    /**
     * A self-signed CA. pathlen 0: it signs only end-entity certificates, so a leaked server key can
     * never mint a sub-CA the clients would trust.
     */
    public static KeyAndCertificate newAuthority(String commonName, Instant now, Duration validity) {
        requirePositive(validity);
        KeyPair keys = newKeyPair();
        X500Name subject = commonName(commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
        X509Certificate certificate = sign(builder, keys.getPrivate(), keys.getPublic());
        return new KeyAndCertificate(Pem.encode(certificate), Pem.encode(keys.getPrivate()));
    }

    /**
     * A server certificate for the given names. Clients check the name they dialled against the
     * subjectAltNames only (the CN is ignored once any dNSName is present), so every service, pod and
     * address a client may use must be listed here. It never outlives the CA: a certificate valid past
     * its issuer would only fail later, with a less clear error.
     */
    public static KeyAndCertificate issueServer(KeyAndCertificate ca, String commonName, List<String> dnsNames,
            List<String> ipAddresses, Instant now, Duration validity) {
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames) {
            if (dns == null || !DNS_NAME.matcher(dns).matches()) {
                throw new IllegalArgumentException("not a DNS name for a certificate: " + dns);
            }
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : ipAddresses) {
            if (ip == null || !IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("not an IP address: " + ip);
            }
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        GeneralNames subjectAltNames = new GeneralNames(names.toArray(GeneralName[]::new));
        return issue(ca, commonName, KeyPurposeId.id_kp_serverAuth,
                KeyUsage.digitalSignature | KeyUsage.keyAgreement, subjectAltNames, now, validity);
    }

    /** A client certificate for {@code user}: PostgreSQL's {@code cert} method logs it in as the role named by the CN. */
    public static KeyAndCertificate issueClient(KeyAndCertificate ca, String user, Instant now, Duration validity) {
        return issue(ca, user, KeyPurposeId.id_kp_clientAuth, KeyUsage.digitalSignature, null, now, validity);
    }

    private static KeyAndCertificate issue(KeyAndCertificate ca, String commonName, KeyPurposeId purpose, int keyUsage,
            GeneralNames subjectAltNames, Instant now, Duration validity) {
        requirePositive(validity);
        X509Certificate caCertificate = Pem.certificates(ca.certificatePem()).get(0);
        PrivateKey caKey = Pem.privateKey(ca.privateKeyPem());
        if (caCertificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the issuer certificate is not a CA: " + ca);
        }
        Instant notAfter = min(now.plus(validity), caCertificate.getNotAfter().toInstant());
        if (!notAfter.isAfter(now)) {
            throw new IllegalArgumentException("the CA expired at " + notAfter + ": " + ca);
        }
        KeyPair keys = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), commonName(commonName), keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = extensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (subjectAltNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(caCertificate, utils));
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the certificate", e);
        }
        X509Certificate certificate = sign(builder, caKey, caCertificate.getPublicKey());
        return new KeyAndCertificate(Pem.encode(certificate), Pem.encode(keys.getPrivate()));
    }

    /**
     * The CA's own subjectKeyIdentifier when it has one (a user-supplied CA may compute it differently
     * from us), as a key identifier only: naming the CA's issuer and serial as well would orphan every
     * certificate when the CA is re-issued with the same key.
     */
    private static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate ca, JcaX509ExtensionUtils utils)
            throws IOException {
        byte[] extension = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return utils.createAuthorityKeyIdentifier(ca.getPublicKey());
        }
        byte[] keyIdentifier = ASN1OctetString.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension)).getOctets();
        return new AuthorityKeyIdentifier(keyIdentifier);
    }

    /**
     * Signs with the JDK's provider, then checks the result against the issuer's public key: a
     * user-supplied CA whose key and certificate do not belong together fails here, not in a client.
     */
    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, PublicKey issuerKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
        };
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the certificate", e);
        }
        try {
            certificate.verify(issuerKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA private key does not belong to the CA certificate");
        }
        return certificate;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make EC P-256 keys", e);
        }
    }

    /** 128 bits with the top one set: positive, of fixed length, and random enough to be unique without a record of past serials. */
    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }

    /** A subject holding only the CN, built attribute by attribute so a comma in the name cannot add another RDN. */
    private static X500Name commonName(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a certificate needs a common name");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-1 for key identifiers", e);
        }
    }

    private static void requirePositive(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
