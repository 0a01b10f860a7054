package io.workflowdb.operator.e2e;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.workflowdb.operator.tls.TlsContexts;

/**
 * The certificate a server presents, read with a TLS handshake that trusts only the cluster's CA and
 * checks the host name (as {@code verify-full} and Patroni's members do): PostgreSQL's after its
 * SSLRequest, Patroni's REST API's directly.
 */
final class TlsProbe {

    /** PostgreSQL's SSLRequest code (1234 << 16 | 5679). */
    private static final int SSL_REQUEST = 80877103;

    private TlsProbe() {
    }

    static X509Certificate postgres(String host, int port, String caPem) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), 3_000);
        plain.setSoTimeout(5_000);
        DataOutputStream out = new DataOutputStream(plain.getOutputStream());
        out.writeInt(8);
        out.writeInt(SSL_REQUEST);
        out.flush();
        int answer = plain.getInputStream().read();
        if (answer != 'S') {
            plain.close();
            throw new IOException(host + ":" + port + " declined TLS (answered " + answer + ")");
        }
        return handshake((SSLSocket) TlsContexts.of(caPem, null).getSocketFactory().createSocket(plain, host, port, true));
    }

    static X509Certificate https(String host, int port, String caPem) throws IOException {
        SSLSocket socket = (SSLSocket) TlsContexts.of(caPem, null).getSocketFactory().createSocket(host, port);
        socket.setSoTimeout(5_000);
        return handshake(socket);
    }

    private static X509Certificate handshake(SSLSocket socket) throws IOException {
        try (socket) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** As {@code KeyAndCertificate.serialNumber()} writes it. */
    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
