package io.workflowdb.operator.deploy;

import static io.workflowdb.operator.deploy.Helm.CHART;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The chart's files that need no helm: its CRDs, its values documentation, the image's Dockerfile. */
class HelmChartFilesTest {

    static final Path VALUES = CHART.resolve("values.yaml");
    static final Path INSTALL_DOC = Path.of("docs/install.md");
    /** Values passed to Kubernetes as they are: documented as a block, not key by key. */
    static final Set<String> PASSED_THROUGH = Set.of("resources", "podSecurityContext", "securityContext", "probes.startup",
            "probes.liveness", "probes.readiness", "config");
    static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9_.-]*):(.*)$");

    @Test
    void theChartsCrdsAreTheCommittedCrdsByteForByte() throws IOException {
        List<String> committed = names(Path.of("deploy/crds"));
        assertThat(names(CHART.resolve("crds"))).as("the chart's crds/ holds the files of deploy/crds/")
                .isEqualTo(committed).hasSize(4);
        for (String name : committed) {
            assertThat(Files.readAllBytes(CHART.resolve("crds").resolve(name)))
                    .as(name + " differs from deploy/crds; refresh the chart with\n  cp deploy/crds/*.yml " + CHART + "/crds/")
                    .isEqualTo(Files.readAllBytes(Path.of("deploy/crds").resolve(name)));
        }
    }

    @Test
    void everyValueHasACommentAboveIt() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (Value v : values()) {
            if (!v.commented()) {
                undocumented.add(v.path());
            }
        }
        assertThat(undocumented).as("values.yaml keys without a comment line above them").isEmpty();
        assertThat(values()).extracting(Value::path).contains("image.repository", "watchNamespaces",
                "leaderElection.enabled", "metrics.serviceMonitor.enabled", "metrics.grafanaDashboard.labels");
    }

    @Test
    void theInstallGuideNamesEveryValue() throws IOException {
        String doc = Files.readString(INSTALL_DOC);
        List<String> missing = values().stream().map(Value::path).filter(p -> !doc.contains("`" + p + "`")).toList();
        assertThat(missing).as("values that docs/install.md does not name (as `path`)").isEmpty();
    }

    @Test
    void theDockerfileRunsTheFastJarAsUser185() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                "target/quarkus-app/*.jar", "quarkus-run.jar").containsPattern("(?m)^USER 185$")
                .containsPattern("(?m)^EXPOSE 8080$");
    }

    record Value(String path, boolean commented) {
    }

    /**
     * The keys of values.yaml, as dotted paths, with whether a comment line is right above them;
     * the keys inside a passed-through block are left out.
     */
    static List<Value> values() throws IOException {
        List<Value> values = new ArrayList<>();
        Deque<String[]> parents = new ArrayDeque<>(); // {indent, path}
        String previous = "";
        for (String line : Files.readAllLines(VALUES)) {
            Matcher m = KEY.matcher(line);
            if (m.matches()) {
                int indent = m.group(1).length();
                while (!parents.isEmpty() && Integer.parseInt(parents.peek()[0]) >= indent) {
                    parents.pop();
                }
                String parent = parents.isEmpty() ? "" : parents.peek()[1];
                String path = parent.isEmpty() ? m.group(2) : parent + "." + m.group(2);
                boolean inside = PASSED_THROUGH.stream().anyMatch(p -> path.startsWith(p + "."));
                if (!inside) {
                    values.add(new Value(path, previous.strip().startsWith("#")));
                }
                parents.push(new String[] { String.valueOf(indent), path });
            }
            if (!line.isBlank()) {
                previous = line;
            }
        }
        return values;
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
