package io.workflowdb.operator.cluster.patroni;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.security.cert.X509Certificate;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The few calls of Patroni's REST API the operator makes. Only the scheme, host and port of a given
 * URI count, so a member's {@code api_url} ({@code http://10.0.0.5:8008/patroni}) can be passed as is.
 * Credentials go into the Authorization header only: never into URLs, messages or logs.
 */
public class PatroniClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;

    /** For plain HTTP, or HTTPS trusting the JVM's authorities. */
    public PatroniClient() {
        this(null);
    }

    /** @param tls what HTTPS trusts (a cluster's own authority); null for the JVM's */
    public PatroniClient(SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        // TLS 1.2 only: Patroni's REST server answers HTTP/1.0 and then waits in SSLSocket.unwrap() for
        // the client's close_notify, which the JDK client under TLS 1.3 (half-close) never sends, so
        // every request would hang past its timeout; under TLS 1.2 close_notify closes both ways
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] { "TLSv1.2" });
        http = builder.sslParameters(parameters).build();
    }

    /**
     * The serial number (hex) of the certificate a member's REST API serves now, to see whether it
     * loaded a renewed one; null over plain HTTP.
     */
    public String servedCertificateSerial(URI baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(endpoint(baseUrl, "/liveness")).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<String> response = exchange(request);
        return response.sslSession().map(session -> {
            try {
                return ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber().toString(16);
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }).orElse(null);
    }

    /** {@code POST /reload}: Patroni reads its files again, reloads PostgreSQL and its own certificate. */
    public void reload(URI memberUrl, String username, String password) {
        send(HttpRequest.newBuilder(endpoint(memberUrl, "/reload"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", basic(username, password))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /cluster}. */
    public ClusterState cluster(URI baseUrl) {
        return getJson(baseUrl, "/cluster", new TypeReference<ClusterState>() {
        });
    }

    /** {@code GET /config}: the dynamic configuration as stored in the DCS. */
    public Map<String, Object> config(URI baseUrl) {
        return getJson(baseUrl, "/config", new TypeReference<Map<String, Object>>() {
        });
    }

    /** {@code PATCH /config} on the leader; {@code null} values remove keys. */
    public void patchConfig(URI leaderApiUrl, Map<String, Object> patch, String username, String password) {
        String body;
        try {
            body = JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the patch is not JSON: " + e.getOriginalMessage(), e);
        }
        send(HttpRequest.newBuilder(endpoint(leaderApiUrl, "/config"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", basic(username, password))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    private <T> T getJson(URI baseUrl, String path, TypeReference<T> type) {
        HttpRequest request = HttpRequest.newBuilder(endpoint(baseUrl, path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        String body = send(request);
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new PatroniApiException("GET " + request.uri() + " answered something other than its JSON: "
                    + e.getOriginalMessage(), 200, e);
        }
    }

    /** The endpoint on the base URL's host, without user info, which could carry a password. */
    static URI endpoint(URI baseUrl, String path) {
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority().replaceFirst("^.*@", "") + path);
    }

    private String send(HttpRequest request) {
        return exchange(request).body();
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        String what = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PatroniApiException(what + " failed: " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PatroniApiException(what + " was interrupted", 0, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new PatroniApiException(what + " answered HTTP " + response.statusCode(), response.statusCode(), null);
        }
        return response;
    }
}
