package io.workflowdb.operator.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * PEM in and out, the form certificates and keys take in Kubernetes Secrets and in PostgreSQL's
 * files. Keys are turned into JDK key objects by the JDK's own {@link KeyFactory}, so no BouncyCastle
 * provider is needed. Errors never quote the input: it may be a private key.
 */
public final class Pem {

    private Pem() {
    }

    /** Every CERTIFICATE block of {@code pem}, in order (leaf first in a chain); other blocks are skipped. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(requireText(pem)))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            // no cause: the text may also hold a key, and the parser's message may quote it
            throw new IllegalArgumentException("unparsable PEM text (" + e.getClass().getSimpleName() + ")");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block in the PEM text");
        }
        return List.copyOf(certificates);
    }

    /**
     * The first private key of {@code pem}: PKCS#8 ({@code PRIVATE KEY}) as this package writes it, or
     * the OpenSSL forms {@code EC PRIVATE KEY} and {@code RSA PRIVATE KEY} a user may supply. Encrypted
     * keys are refused: nothing would hold their passphrase.
     */
    public static PrivateKey privateKey(String pem) {
        Object block;
        try (PEMParser parser = new PEMParser(new StringReader(requireText(pem)))) {
            do {
                block = parser.readObject();
            } while (block instanceof X509CertificateHolder);
        } catch (IOException | RuntimeException e) {
            // no cause: a parser's message may carry pieces of the key
            throw new IllegalArgumentException("unparsable PEM private key (" + e.getClass().getSimpleName() + ")");
        }
        PrivateKeyInfo info;
        if (block instanceof PrivateKeyInfo pkcs8) {
            info = pkcs8;
        } else if (block instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new IllegalArgumentException("the private key is encrypted; an unencrypted key is needed");
        } else {
            throw new IllegalArgumentException("no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block in the PEM text");
        }
        try {
            String algorithm = algorithm(info.getPrivateKeyAlgorithm().getAlgorithm());
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Lower-case hex SHA-256 of the first certificate's DER: the usual way to name a certificate in logs and status. */
    public static String sha256Fingerprint(String certificatePem) {
        try {
            byte[] der = certificates(certificatePem).get(0).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /** {@code CERTIFICATE} PEM of one certificate. */
    static String encode(X509Certificate certificate) {
        try {
            return write(new JcaMiscPEMGenerator(certificate));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    /** {@code PRIVATE KEY} (PKCS#8, unencrypted) PEM: the one form PostgreSQL, PgBouncer and the JDK all read. */
    static String encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode the private key", e);
        }
    }

    private static String write(PemObjectGenerator object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String algorithm(ASN1ObjectIdentifier oid) throws NoSuchAlgorithmException {
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC";
        }
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return "Ed25519";
        }
        throw new NoSuchAlgorithmException("unsupported key algorithm " + oid.getId());
    }

    private static String requireText(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no PEM text");
        }
        return pem;
    }
}
