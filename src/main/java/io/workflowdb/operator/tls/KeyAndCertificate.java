package io.workflowdb.operator.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A certificate and its private key as PEM text, the form both take in a Kubernetes Secret and in
 * PostgreSQL's files. {@code certificatePem} may hold a chain, leaf first; the accessors describe the
 * leaf. {@code privateKeyPem} is PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}) when this package made it.
 * {@link #toString()} names the certificate and leaves the key out, so the record can be logged.
 */
public record KeyAndCertificate(String certificatePem, String privateKeyPem) {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    public KeyAndCertificate {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** The serial number in lower-case hex, as {@code openssl x509 -serial} prints it (less its case). */
    public String serialNumber() {
        return leaf().getSerialNumber().toString(16);
    }

    /** The subjectAltName dNSName entries, in the certificate's order. */
    public List<String> dnsNames() {
        return subjectAltNames(SAN_DNS);
    }

    /** The subjectAltName iPAddress entries, as the JDK writes them ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1}). */
    public List<String> ipAddresses() {
        return subjectAltNames(SAN_IP);
    }

    @Override
    public String toString() {
        X509Certificate leaf;
        try {
            leaf = leaf();
        } catch (IllegalArgumentException e) {
            return "KeyAndCertificate[unparsable certificate]";
        }
        return "KeyAndCertificate[subject=" + leaf.getSubjectX500Principal().getName()
                + ", serial=" + leaf.getSerialNumber().toString(16)
                + ", notAfter=" + leaf.getNotAfter().toInstant() + "]";
    }

    X509Certificate leaf() {
        return Pem.certificates(certificatePem).get(0);
    }

    private List<String> subjectAltNames(int type) {
        Collection<List<?>> names;
        try {
            names = leaf().getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unparsable subjectAltName extension", e);
        }
        List<String> values = new ArrayList<>();
        if (names != null) {
            for (List<?> name : names) {
                if (name.get(0) instanceof Integer t && t == type) {
                    values.add((String) name.get(1));
                }
            }
        }
        return List.copyOf(values);
    }
}
