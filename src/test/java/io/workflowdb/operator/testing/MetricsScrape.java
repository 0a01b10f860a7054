package io.workflowdb.operator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operator's {@code /q/metrics} as Prometheus scrapes it, and the metrics the shipped alert rules query. */
public final class MetricsScrape {

    public static final Path ALERT_RULES = Path.of("deploy/prometheus/workflowdb-alerts.yaml");

    private MetricsScrape() {
    }

    public static String scrape(URI metrics) throws IOException, InterruptedException {
        // HTTP/1.1 as Prometheus scrapes: the JDK client's default h2c upgrade was once answered with a
        // body it read as an HTTP/2 frame ("Frame type(116) ... exceeds MAX_FRAME_SIZE")
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(metrics + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** Every metric whose name starts with {@code prefix} in an {@code expr:} of the alert rules. */
    public static Set<String> alertRuleMetrics(String prefix) throws IOException {
        Matcher expr = Pattern.compile("expr: .*").matcher(Files.readString(ALERT_RULES));
        Set<String> names = new TreeSet<>();
        while (expr.find()) {
            Matcher name = Pattern.compile(Pattern.quote(prefix) + "[a-z_]*").matcher(expr.group());
            while (name.find()) {
                names.add(name.group());
            }
        }
        return names;
    }
}
