package io.workflowdb.operator.e2e;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import io.workflowdb.operator.tls.Pem;

/**
 * Short-timeout GETs against the members' REST APIs and etcd; an unreachable server is an empty answer.
 * HTTPS servers are trusted when a CA {@link #trust trusted} here vouches for them and they are named
 * in the certificate, as the operator and Patroni check them: the clusters' CAs only, never the JVM's.
 */
final class Http {

    record Answer(int status, String body) {
    }

    private static final List<X509Certificate> AUTHORITIES = new CopyOnWriteArrayList<>();

    /** How the last request that got no answer failed, for failure messages. */
    static volatile String lastFailure = "none";

    private static final SSLContext CONTEXT = context();

    private Http() {
    }

    /** Trusts the CA certificates of {@code caPem} from now on. */
    static void trust(String caPem) {
        for (X509Certificate ca : Pem.certificates(caPem)) {
            if (!AUTHORITIES.contains(ca)) {
                AUTHORITIES.add(ca);
            }
        }
    }

    static Optional<Answer> get(String url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = sendRetryingClosed(request);
            return Optional.of(new Answer(response.statusCode(), response.body()));
        } catch (IOException unreachable) {
            StringBuilder why = new StringBuilder(url);
            for (Throwable t = unreachable; t != null; t = t.getCause()) {
                why.append(": ").append(t);
            }
            lastFailure = why.toString();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * One request on a connection of its own, closed after the answer: the JDK's HttpClient, once it
     * has had an answer from Patroni 3.0.2's REST API over TLS, fails every further request to that
     * member at once (ConnectException, ClosedChannelException), retries included. HttpsURLConnection
     * with {@code Connection: close} has no such state.
     */
    private static HttpResponse<String> sendRetryingClosed(HttpRequest request) throws IOException, InterruptedException {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) request.uri().toURL().openConnection();
        if (connection instanceof javax.net.ssl.HttpsURLConnection https) {
            https.setSSLSocketFactory(CONTEXT.getSocketFactory());
        }
        int timeout = (int) request.timeout().orElse(Duration.ofSeconds(5)).toMillis();
        connection.setConnectTimeout(timeout);
        connection.setReadTimeout(timeout);
        connection.setRequestProperty("Connection", "close");
        try {
            int status = connection.getResponseCode();
            java.io.InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Answered(request, status, body);
        } finally {
            connection.disconnect();
        }
    }

    private record Answered(HttpRequest request, int statusCode, String body) implements HttpResponse<String> {
        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    /** {@code POST} with basic authentication and no body, on a connection of its own; the status. */
    static int post(String url, String username, String password) throws IOException {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        if (connection instanceof javax.net.ssl.HttpsURLConnection https) {
            https.setSSLSocketFactory(CONTEXT.getSocketFactory());
        }
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(5_000);
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Connection", "close");
        connection.setRequestProperty("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    /** {@code get}, failing with the reason instead of an empty answer: for the tests that assert a refusal. */
    static HttpResponse<String> send(String url, Duration timeout) throws IOException, InterruptedException {
        return sendRetryingClosed(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    private static SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new javax.net.ssl.TrustManager[] { new RegisteredAuthorities() }, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKIX against the CAs trusted so far, with the JDK's host name check (HttpClient asks for HTTPS identification). */
    private static final class RegisteredAuthorities extends X509ExtendedTrustManager {

        private static X509ExtendedTrustManager delegate() throws CertificateException {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (X509Certificate ca : AUTHORITIES) {
                    store.setCertificateEntry("ca-" + i++, ca);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(store);
                for (javax.net.ssl.TrustManager tm : factory.getTrustManagers()) {
                    if (tm instanceof X509ExtendedTrustManager extended) {
                        return extended;
                    }
                }
                throw new CertificateException("no X509ExtendedTrustManager");
            } catch (GeneralSecurityException | IOException e) {
                throw new CertificateException("no CA trusted yet", e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            ((X509TrustManager) delegate()).checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return AUTHORITIES.toArray(X509Certificate[]::new);
        }
    }
}
