package io.workflowdb.operator.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.postgresql.ssl.WrappedFactory;

/**
 * PgJDBC's {@code sslfactory} for a cluster's own CA, with the material in connection properties
 * rather than in files: {@code workflowdbCa} (PEM certificates to trust, nothing else) and, for a
 * client certificate, {@code workflowdbCert} and {@code workflowdbKey}. {@link #properties} and
 * {@link #urlParameters} write them.
 * <p>
 * PgJDBC creates the factory itself, by reflection and through its own class loader, which under
 * Quarkus dev and test mode is not the operator's: a static registry filled by the operator would be
 * another class's, and empty. Everything the factory needs therefore travels with the connection.
 * Certificates are public; a client key travels only as a driver property, like the password, and
 * never in a URL. Contexts are cached by their material, so each is built once.
 * <p>
 * What PgJDBC 42.7.8 does with it, read from its source ({@code SocketFactoryFactory},
 * {@code ObjectFactory}, {@code Driver.parseURL}, {@code MakeSSL}):
 * <ul>
 * <li>the {@code Properties} constructor receives every property of the connection, unknown ones
 * included, whether they came from the URL or the driver properties. {@code PGSimpleDataSource} is the
 * exception: it refuses property names PgJDBC does not know.
 * <li>the server's chain is always checked, against {@code workflowdbCa} only, whatever the sslmode.
 * <li>the host name is checked by PgJDBC, not by the socket: with {@code sslmode=verify-full}
 * {@code MakeSSL} runs its {@code PGjdbcHostnameVerifier} on the session after the handshake, for any
 * factory, against the subjectAltNames (dNSName, wildcards, and iPAddress compared as text).
 * {@code verify-ca} and {@code require} check no name, as in libpq; the operator uses verify-full.
 * <li>with {@code prefer} or {@code allow}, a server that declines TLS gets a plain connection, factory
 * or not.
 * </ul>
 */
public final class PemTlsFactory extends WrappedFactory {

    public static final String CA_PROPERTY = "workflowdbCa";
    public static final String CERT_PROPERTY = "workflowdbCert";
    public static final String KEY_PROPERTY = "workflowdbKey";

    private static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };
    private static final int CACHED_CONTEXTS = 1024;
    private static final Map<String, SSLContext> CONTEXTS = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SSLContext> eldest) {
                    return size() > CACHED_CONTEXTS;
                }
            });

    /** Called by PgJDBC with the connection's properties. */
    public PemTlsFactory(Properties info) throws GeneralSecurityException {
        String ca = info.getProperty(CA_PROPERTY);
        if (ca == null) {
            throw new GeneralSecurityException("the connection property " + CA_PROPERTY
                    + " is not set: it holds the certificates this factory trusts");
        }
        String cert = info.getProperty(CERT_PROPERTY);
        String key = info.getProperty(KEY_PROPERTY);
        if ((cert == null) != (key == null)) {
            throw new GeneralSecurityException(CERT_PROPERTY + " and " + KEY_PROPERTY + " go together");
        }
        try {
            factory = context(ca, cert == null ? null : new KeyAndCertificate(cert, key)).getSocketFactory();
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(e.getMessage());
        }
    }

    /**
     * The context trusting exactly {@code caPem} and presenting {@code client} when not null, the same
     * instance for the same material as long as it is cached.
     */
    public static SSLContext context(String caPem, KeyAndCertificate client) {
        String material = caPem + "\0" + (client == null ? "" : client.certificatePem() + "\0" + client.privateKeyPem());
        return CONTEXTS.computeIfAbsent(sha256(material), k -> TlsContexts.of(caPem, client));
    }

    /** Driver properties for a connection verifying against {@code caPem}, presenting {@code client} if not null. */
    public static Properties properties(String caPem, KeyAndCertificate client) {
        Properties properties = new Properties();
        properties.setProperty("sslfactory", PemTlsFactory.class.getName());
        properties.setProperty(CA_PROPERTY, caPem);
        if (client != null) {
            properties.setProperty(CERT_PROPERTY, client.certificatePem());
            properties.setProperty(KEY_PROPERTY, client.privateKeyPem());
        }
        return properties;
    }

    /** URL parameters ({@code &}-prefixed) for a connection verifying against {@code caPem}, no client certificate. */
    public static String urlParameters(String caPem) {
        return "&sslfactory=" + PemTlsFactory.class.getName() + "&" + CA_PROPERTY + "="
                + URLEncoder.encode(caPem, StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The one PgJDBC calls: it opens a plain socket, asks the server for TLS, then layers TLS over it. */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return restrict(super.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return restrict(super.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return restrict(super.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return restrict(super.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return restrict(super.createSocket(address, port, localAddress, localPort));
    }

    /** TLSv1.3 and 1.2 only, whatever the JVM's settings would still allow. */
    private static Socket restrict(Socket socket) {
        if (socket instanceof SSLSocket tls) {
            tls.setEnabledProtocols(Arrays.stream(tls.getSupportedProtocols())
                    .filter(p -> Arrays.asList(PROTOCOLS).contains(p)).toArray(String[]::new));
        }
        return socket;
    }
}
