package io.workflowdb.operator.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSLContexts built from PEM held in memory (a Secret's data), with no files and no JVM-wide
 * settings. Each trusts only the CA it is given: the JVM's default trust store holds public CAs,
 * any of which could vouch for a host name, while a cluster's servers are vouched for by its CA alone.
 */
public final class TlsContexts {

    /** Protects keys only inside an in-memory key store that never leaves this class. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private TlsContexts() {
    }

    /**
     * A context that trusts exactly the certificates in {@code caPem} (several during a CA rotation,
     * when the old and the new CA both vouch), and presents {@code client}'s key and chain when the
     * server asks for a certificate, if {@code client} is not null. The context is a TLSv1.3 one, which
     * also speaks TLSv1.2; older versions are disabled by the JDK's {@code jdk.tls.disabledAlgorithms}
     * and refused by {@link PemTlsFactory} on its sockets.
     */
    public static SSLContext of(String caPem, KeyAndCertificate client) {
        List<X509Certificate> authorities = Pem.certificates(caPem);
        try {
            KeyStore trusted = emptyStore();
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(trusted);

            // an empty array, not null: with null the JSSE may look for key managers of its own
            KeyManager[] keys = new KeyManager[0];
            if (client != null) {
                KeyStore own = emptyStore();
                own.setKeyEntry("client", Pem.privateKey(client.privateKeyPem()), IN_MEMORY,
                        Pem.certificates(client.certificatePem()).toArray(X509Certificate[]::new));
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(own, IN_MEMORY);
                keys = keyManagers.getKeyManagers();
            }

            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys, trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
