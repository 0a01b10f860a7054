package io.workflowdb.operator.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.postgresql.ssl.WrappedFactory;

/**
 * PgJDBC's {@code sslfactory} for a cluster's own CA, with the material in memory rather than in
 * files. A connection with {@code sslfactory=io.workflowdb.operator.tls.RegisteredTlsFactory} and
 * {@code workflowdbTls=<key>} (URL parameter or driver property) uses the SSLContext last
 * {@link #register registered} under that key.
 * <p>
 * PgJDBC creates the factory itself, by reflection, handing it the connection's properties; so the
 * contexts live in a static, JVM-wide map, and keys must be unique across the JVM (one per cluster,
 * for example). A new factory is made for every connection, so a context replaced after a CA or
 * client certificate rotation applies to the next connection, while open ones keep theirs.
 * <p>
 * What PgJDBC 42.7.8 does with it, read from its source ({@code SocketFactoryFactory},
 * {@code ObjectFactory}, {@code Driver.parseURL}, {@code MakeSSL}):
 * <ul>
 * <li>the {@code Properties} constructor receives every property of the connection, unknown ones
 * such as {@code workflowdbTls} included, whether they came from the URL or the driver properties.
 * {@code PGSimpleDataSource} is the exception: it refuses property names PgJDBC does not know.
 * <li>the server's chain is always checked, against the registered CA only, whatever the sslmode.
 * <li>the host name is checked by PgJDBC, not by the socket: with {@code sslmode=verify-full}
 * {@code MakeSSL} runs its {@code PGjdbcHostnameVerifier} on the session after the handshake, for any
 * factory, against the subjectAltNames (dNSName, wildcards, and iPAddress compared as text).
 * {@code verify-ca} and {@code require} check no name, as in libpq; the operator uses verify-full.
 * <li>with {@code prefer} or {@code allow}, a server that declines TLS gets a plain connection, factory
 * or not.
 * </ul>
 */
public final class RegisteredTlsFactory extends WrappedFactory {

    public static final String PROPERTY = "workflowdbTls";

    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();
    private static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

    /** Called by PgJDBC with the connection's properties; fails when {@link #PROPERTY} names no registered context. */
    public RegisteredTlsFactory(Properties info) throws GeneralSecurityException {
        String key = info.getProperty(PROPERTY);
        if (key == null) {
            throw new GeneralSecurityException("the connection property " + PROPERTY
                    + " is not set: it names the TLS context this factory uses");
        }
        SSLContext context = CONTEXTS.get(key);
        if (context == null) {
            throw new GeneralSecurityException("no TLS context is registered under " + PROPERTY + "=" + key);
        }
        factory = context.getSocketFactory();
    }

    /** Makes {@code context} the one for {@code key}, replacing any before it. */
    public static void register(String key, SSLContext context) {
        CONTEXTS.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(context, "context"));
    }

    /** The context registered under {@code key}, or null: for other clients (HTTPS) that trust the same CA. */
    public static SSLContext context(String key) {
        return key == null ? null : CONTEXTS.get(key);
    }

    /** Forgets {@code key}: connections naming it fail from now on. */
    public static void unregister(String key) {
        CONTEXTS.remove(key);
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
