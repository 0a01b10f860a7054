package io.workflowdb.operator.deploy;

import static io.workflowdb.operator.deploy.Helm.CHART;
import static io.workflowdb.operator.deploy.Helm.MAXIMAL_VALUES;
import static io.workflowdb.operator.deploy.Helm.NAMESPACE;
import static io.workflowdb.operator.deploy.Helm.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.workflowdb.operator.health.HealthMetrics;
import io.workflowdb.operator.testing.Processes;

/**
 * The Helm chart as helm renders it, with the default values and with every option on
 * ({@code src/test/resources/helm/values-maximal.yaml}).
 */
class HelmChartTest {

    static final String FULLNAME = RELEASE + "-workflowdb-operator";
    static final String MAXIMAL_FULLNAME = RELEASE + "-wfdb";

    static Helm helm;
    static Rendered defaults;
    static Rendered maximal;

    @BeforeAll
    static void render() throws IOException {
        helm = Helm.require();
        defaults = helm.template();
        maximal = helm.template("-f", MAXIMAL_VALUES.toString());
    }

    @Test
    void lintPassesStrictlyWithDefaultAndMaximalValues() throws IOException {
        for (List<String> args : List.of(List.of("lint", "--strict", CHART.toString()),
                List.of("lint", "--strict", CHART.toString(), "-f", MAXIMAL_VALUES.toString()))) {
            Processes.Finished lint = helm.run(args);
            assertThat(lint.exitCode()).as("helm " + String.join(" ", args) + "\n" + lint.output() + lint.errors()).isZero();
            assertThat(lint.output()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]")
                    .doesNotContain("[ERROR]");
        }
    }

    @Test
    void theValuesSchemaRefusesMistypedNamesAndValues() throws IOException {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("replica=2", "additional properties 'replica' not allowed");
        refused.put("watchNamespaces=apps", "/watchNamespaces");
        refused.put("watchNamespaces[0]=Apps_1", "/watchNamespaces/0");
        refused.put("logLevel=LOUD", "/logLevel");
        refused.put("image.digest=latest", "/image/digest");
        refused.put("metrics.serviceMonitor.interval=often", "/metrics/serviceMonitor/interval");
        for (var e : refused.entrySet()) {
            Processes.Finished r = helm.run(List.of("template", RELEASE, CHART.toString(), "--set", e.getKey()));
            assertThat(r.exitCode()).as("--set " + e.getKey()).isNotZero();
            assertThat(r.errors()).as("--set " + e.getKey()).contains(e.getValue());
        }
    }

    @Test
    void defaultsRenderTheOperatorItsAccountRbacAndMetricsServiceOnly() {
        assertThat(defaults.identities()).containsExactlyInAnyOrder(
                "ServiceAccount operators/" + FULLNAME,
                "ClusterRole " + FULLNAME,
                "ClusterRole " + FULLNAME + "-crd-reader",
                "ClusterRoleBinding " + FULLNAME,
                "ClusterRoleBinding " + FULLNAME + "-crd-reader",
                "Role operators/" + FULLNAME + "-leader-election",
                "RoleBinding operators/" + FULLNAME + "-leader-election",
                "Service operators/" + FULLNAME + "-metrics",
                "Deployment operators/" + FULLNAME);
    }

    @Test
    void maximalValuesAddMonitoringObjectsADisruptionBudgetAndPerNamespaceBindings() {
        assertThat(maximal.identities()).containsExactlyInAnyOrder(
                "ServiceAccount operators/wfdb-operator-sa",
                "ClusterRole " + MAXIMAL_FULLNAME,
                "ClusterRole " + MAXIMAL_FULLNAME + "-crd-reader",
                "ClusterRoleBinding " + MAXIMAL_FULLNAME + "-crd-reader",
                "RoleBinding apps/" + MAXIMAL_FULLNAME,
                "RoleBinding analytics/" + MAXIMAL_FULLNAME,
                "Role operators/" + MAXIMAL_FULLNAME + "-leader-election",
                "RoleBinding operators/" + MAXIMAL_FULLNAME + "-leader-election",
                "Service operators/" + MAXIMAL_FULLNAME + "-metrics",
                "Deployment operators/" + MAXIMAL_FULLNAME,
                "PodDisruptionBudget operators/" + MAXIMAL_FULLNAME,
                "ServiceMonitor operators/" + MAXIMAL_FULLNAME,
                "PrometheusRule operators/" + MAXIMAL_FULLNAME + "-health",
                "ConfigMap monitoring/" + MAXIMAL_FULLNAME + "-dashboard");
    }

    @Test
    void noSecretIsRenderedAndNoConfigMapHoldsOne() {
        for (Rendered r : List.of(defaults, maximal)) {
            assertThat(r.ofKind("Secret")).isEmpty();
            r.ofKind("ConfigMap").forEach(cm -> assertThat(cm.path("data").toString().toLowerCase())
                    .doesNotContain("password").doesNotContain("secret"));
        }
        EnvVar fromSecret = env(container(maximal), "WORKFLOWDB_EXAMPLE_FROM_SECRET");
        assertThat(fromSecret.getValue()).isNull();
        assertThat(fromSecret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("some-secret");
    }

    @Test
    void theOperatorRunsAsNonRootOnAReadOnlyRootWithNoPrivilegesAndAWritableTmp() {
        for (Rendered r : List.of(defaults, maximal)) {
            PodSpec pod = r.one("Deployment", Deployment.class).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            Container c = pod.getContainers().get(0);
            assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(m.getName())).singleElement()
                        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            });
            assertThat(c.getResources().getLimits()).containsKey("memory");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        }
        assertThat(defaults.one("Deployment", Deployment.class).getSpec().getTemplate().getSpec().getVolumes().get(0)
                .getEmptyDir().getSizeLimit().toString()).isEqualTo("64Mi");
    }

    @Test
    void probesCheckQuarkusHealthOnPort8080() {
        for (Rendered r : List.of(defaults, maximal)) {
            Container c = container(r);
            assertThat(probe(c, c.getLivenessProbe())).isEqualTo("/q/health/live 8080");
            assertThat(probe(c, c.getReadinessProbe())).isEqualTo("/q/health/ready 8080");
            assertThat(probe(c, c.getStartupProbe())).isEqualTo("/q/health/started 8080");
        }
        Container c = container(maximal);
        assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(20);
        assertThat(c.getReadinessProbe().getFailureThreshold()).isEqualTo(2);
        assertThat(c.getStartupProbe().getFailureThreshold()).isEqualTo(30);
    }

    @Test
    void imageDefaultsToWhatTheBuildNamesAndFollowsTagAndDigest() throws Exception {
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
        String version = child(pom, "version");
        String artifactId = child(pom, "artifactId");
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        String built = "docker.io/" + app.getProperty("quarkus.container-image.group") + "/" + artifactId + ":" + version;
        assertThat(container(defaults).getImage())
                .as("the chart's default image is the one ./mvnw package names (quarkus.container-image.* and the project "
                        + "version); bump appVersion in Chart.yaml with the project version")
                .isEqualTo(built);
        assertThat(container(maximal).getImage()).isEqualTo("registry.example.com/platform/workflowdb-operator:1.2.3");
        assertThat(container(maximal).getImagePullPolicy()).isEqualTo("Always");
        assertThat(maximal.one("Deployment", Deployment.class).getSpec().getTemplate().getSpec().getImagePullSecrets())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("registry-example"));
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(container(helm.template("--set", "image.digest=" + digest)).getImage())
                .isEqualTo("docker.io/workflowdb/workflowdb-operator@" + digest);
    }

    @Test
    void leaderElectionIsOnWithALeaseRoleInTheReleaseNamespaceMatchingTheOperatorsSettings() {
        for (Rendered r : List.of(defaults, maximal)) {
            Container c = container(r);
            String leaseName = env(c, envName(LeaderElectionProducer.LEASE_NAME)).getValue();
            assertThat(env(c, envName(LeaderElectionProducer.ENABLED)).getValue()).isEqualTo("true");
            assertThat(env(c, envName(LeaderElectionProducer.LEASE_NAMESPACE)).getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace");
            assertThat(env(c, "KUBERNETES_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace");

            List<JsonNode> roles = r.ofKind("Role");
            assertThat(roles).singleElement().satisfies(role -> {
                assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
                assertThat(Rendered.grants(role.path("rules"))).containsExactlyInAnyOrder(
                        "coordination.k8s.io leases create",
                        "coordination.k8s.io leases get " + leaseName,
                        "coordination.k8s.io leases update " + leaseName);
                JsonNode binding = r.one("RoleBinding", role.path("metadata").path("name").asText());
                assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
                assertThat(binding.path("subjects").get(0).path("name").asText())
                        .isEqualTo(r.one("Deployment", Deployment.class).getSpec().getTemplate().getSpec()
                                .getServiceAccountName());
            });
        }
        assertThat(env(container(defaults), envName(LeaderElectionProducer.LEASE_NAME)).getValue()).isEqualTo(FULLNAME);
        assertThat(env(container(maximal), envName(LeaderElectionProducer.LEASE_NAME)).getValue()).isEqualTo("wfdb-leader");
        assertThat(maximal.one("Deployment", Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void leaderElectionOffRendersNoLeaseRightsAndRefusesSeveralReplicas() throws IOException {
        Rendered off = helm.template("--set", "leaderElection.enabled=false");
        assertThat(env(container(off), envName(LeaderElectionProducer.ENABLED)).getValue()).isEqualTo("false");
        assertThat(container(off).getEnv()).extracting(EnvVar::getName)
                .doesNotContain(envName(LeaderElectionProducer.LEASE_NAME));
        assertThat(off.ofKind("Role")).isEmpty();

        Processes.Finished refused = helm.run(List.of("template", RELEASE, CHART.toString(), "--set", "leaderElection.enabled=false",
                "--set", "replicas=2"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.errors()).contains("replicas above 1 need leaderElection.enabled");
    }

    @Test
    void watchNamespacesEmptyMeansAllNamespacesWithClusterWideRights() {
        assertThat(env(container(defaults), "QUARKUS_OPERATOR_SDK_NAMESPACES").getValue()).isEqualTo("JOSDK_ALL_NAMESPACES");
        JsonNode binding = defaults.one("ClusterRoleBinding", FULLNAME);
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(FULLNAME);
        assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo(NAMESPACE);
    }

    @Test
    void watchNamespacesListedAreWatchedAndGrantedOnlyThere() {
        assertThat(env(container(maximal), "QUARKUS_OPERATOR_SDK_NAMESPACES").getValue()).isEqualTo("apps,analytics");
        assertThat(maximal.ofKind("ClusterRoleBinding")).extracting(b -> b.path("roleRef").path("name").asText())
                .as("only the CRD check is cluster-wide").containsExactly(MAXIMAL_FULLNAME + "-crd-reader");
        for (String ns : List.of("apps", "analytics")) {
            JsonNode binding = maximal.ofKind("RoleBinding").stream()
                    .filter(b -> ns.equals(b.path("metadata").path("namespace").asText())).findFirst().orElseThrow();
            assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
            assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(MAXIMAL_FULLNAME);
            assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo("wfdb-operator-sa");
            assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo(NAMESPACE);
        }
    }

    @Test
    void rbacIsTheSameWhicheverNamespacesAreWatched() {
        assertThat(maximal.clusterRoleGrants()).isEqualTo(defaults.clusterRoleGrants());
        assertThat(defaults.clusterRoleGrants()).as("no wildcard").noneMatch(g -> g.contains("*"));
    }

    @Test
    void theOperatorHoldsNoExecNoEndpointsNoEscalationAndOnlyThePodRightsItUsesOrGrants() {
        Set<String> grants = defaults.clusterRoleGrants();
        assertThat(grants).as("no exec, attach or port-forward into pods")
                .noneMatch(g -> g.contains("pods/exec") || g.contains("pods/attach") || g.contains("pods/portforward"));
        assertThat(grants).as("Patroni runs without Endpoints").noneMatch(g -> g.startsWith(" endpoints "));
        assertThat(grants).noneMatch(g -> g.endsWith(" deletecollection") || g.endsWith(" escalate")
                || g.endsWith(" bind") || g.endsWith(" impersonate"));
        assertThat(grants).filteredOn(g -> g.startsWith(" pods ")).containsExactlyInAnyOrder(
                " pods get", " pods list", " pods watch", " pods patch", " pods delete");
        assertThat(grants).filteredOn(g -> g.startsWith(" persistentvolumeclaims ")).containsExactlyInAnyOrder(
                " persistentvolumeclaims get", " persistentvolumeclaims list", " persistentvolumeclaims watch",
                " persistentvolumeclaims delete");
        assertThat(grants).filteredOn(g -> g.startsWith("batch jobs ")).containsExactlyInAnyOrder(
                "batch jobs get", "batch jobs list", "batch jobs watch", "batch jobs create", "batch jobs delete");
        assertThat(grants).contains("networking.k8s.io networkpolicies create", "networking.k8s.io networkpolicies patch");
        assertThat(grants).filteredOn(g -> g.startsWith(" configmaps ")).doesNotContain(" configmaps deletecollection");
    }

    @Test
    void operatorSettingsBecomeEnvironmentVariablesAndTheLogLevelIsSet() {
        Container c = container(maximal);
        assertThat(env(c, "WORKFLOWDB_CLUSTER_LEADER_LABEL_VALUE").getValue()).isEqualTo("master");
        assertThat(env(c, "WORKFLOWDB_HEALTH_TICK").getValue()).isEqualTo("10s");
        assertThat(env(c, "QUARKUS_LOG_CATEGORY__IO_WORKFLOWDB__LEVEL").getValue()).isEqualTo("DEBUG");
        assertThat(env(c, "JAVA_MAX_MEM_RATIO").getValue()).isEqualTo("70");
        assertThat(env(container(defaults), "QUARKUS_LOG_CATEGORY__IO_WORKFLOWDB__LEVEL").getValue()).isEqualTo("INFO");
    }

    @Test
    void theMetricsServiceExposesPort8080AndTheServiceMonitorScrapesQMetricsThroughIt() {
        JsonNode service = defaults.one("Service", FULLNAME + "-metrics");
        JsonNode port = service.path("spec").path("ports").get(0);
        assertThat(port.path("port").asInt()).isEqualTo(8080);
        assertThat(port.path("targetPort").asText()).isEqualTo("http");
        assertThat(container(defaults).getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(labels(service.path("spec").path("selector")))
                .isEqualTo(labels(defaults.one("Deployment", FULLNAME).path("spec").path("selector").path("matchLabels")));

        JsonNode monitor = maximal.one("ServiceMonitor", MAXIMAL_FULLNAME);
        JsonNode maxService = maximal.one("Service", MAXIMAL_FULLNAME + "-metrics");
        assertThat(labels(maxService.path("metadata").path("labels")))
                .containsAllEntriesOf(labels(monitor.path("spec").path("selector").path("matchLabels")));
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo(maxService.path("spec").path("ports").get(0).path("name").asText());
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(maxService.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(9090);
    }

    @Test
    void thePrometheusRuleCarriesTheAlertRulesOfDeployPrometheus() throws IOException {
        JsonNode committed = Rendered.YAML.readTree(Path.of("deploy/prometheus/workflowdb-alerts.yaml").toFile());
        JsonNode rendered = maximal.one("PrometheusRule", MAXIMAL_FULLNAME + "-health");
        assertThat(rendered.path("spec").path("groups"))
                .as("the chart's rules differ from deploy/prometheus/workflowdb-alerts.yaml; refresh the copy with\n"
                        + "  cp deploy/prometheus/workflowdb-alerts.yaml deploy/helm/workflowdb-operator/files/")
                .isEqualTo(committed.path("spec").path("groups"));
        assertThat(rendered.path("spec").path("groups").get(0).path("rules")).isNotEmpty();
        assertThat(rendered.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
    }

    @Test
    void theDashboardShowsHealthReconciliationsAndThePolicies() throws Exception {
        JsonNode configMap = maximal.one("ConfigMap", MAXIMAL_FULLNAME + "-dashboard");
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(configMap.path("metadata").path("annotations").path("grafana_folder").asText()).isEqualTo("Databases");
        JsonNode dashboard = new ObjectMapper().readTree(configMap.path("data").path("workflowdb-operator.json").asText());
        assertThat(dashboard.path("uid").asText()).isEqualTo("workflowdb-operator");

        Map<String, String> exprByPanel = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            List<String> exprs = new ArrayList<>();
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            if (!exprs.isEmpty()) {
                exprByPanel.put(panel.path("title").asText(), String.join("\n", exprs));
            }
        }
        String all = String.join("\n", exprByPanel.values());
        for (String meter : healthMeters()) {
            assertThat(all).as("a panel shows " + meter).contains(meter);
        }
        assertThat(all).contains("operator_sdk_reconciliations_started_total", "operator_sdk_reconciliations_success_total",
                "operator_sdk_reconciliations_failed_total", "operator_sdk_controllers_execution_reconcile_seconds_bucket",
                "workflowdb_partition_coverage_seconds", "workflowdb_retention_rows_total",
                "workflowdb_maintenance_actions_total");
        assertThat(exprByPanel.values()).as("balanced braces and parentheses in every query").allSatisfy(e -> {
            assertThat(count(e, '(')).isEqualTo(count(e, ')'));
            assertThat(count(e, '{')).isEqualTo(count(e, '}'));
        });
        Set<Integer> ids = new TreeSet<>();
        dashboard.path("panels").forEach(p -> assertThat(ids.add(p.path("id").asInt())).as("unique panel id").isTrue());
    }

    @Test
    void theDashboardIsOffByDefaultAndFollowsTheReleaseNamespace() throws IOException {
        assertThat(defaults.ofKind("ConfigMap")).isEmpty();
        Rendered on = helm.template("--set", "metrics.grafanaDashboard.enabled=true");
        assertThat(on.ofKind("ConfigMap")).singleElement()
                .satisfies(cm -> assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE));
    }

    /** The Prometheus names of the health gauges, from the constants HealthMetrics registers them under. */
    static List<String> healthMeters() throws ReflectiveOperationException {
        List<String> names = new ArrayList<>();
        for (String constant : List.of("VALUE", "STATUS", "OVERALL", "SAMPLE_SECONDS", "SAMPLED_AT")) {
            Field f = HealthMetrics.class.getDeclaredField(constant);
            f.setAccessible(true);
            names.add(((String) f.get(null)).replace('.', '_'));
        }
        assertThat(names).contains("workflowdb_health_status", "workflowdb_health_value", "workflowdb_health_overall",
                "workflowdb_health_sample_seconds");
        return names;
    }

    /** The environment variable MicroProfile Config reads a property from. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    static Container container(Rendered r) {
        List<Container> containers = r.one("Deployment", Deployment.class).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + c.getEnv()));
    }

    /** "path port" of an HTTP probe, with a named port resolved to the container's port number. */
    static String probe(Container c, Probe probe) {
        var port = probe.getHttpGet().getPort();
        int number = port.getIntVal() != null ? port.getIntVal()
                : c.getPorts().stream().filter(p -> p.getName().equals(port.getStrVal())).findFirst().orElseThrow()
                        .getContainerPort();
        return probe.getHttpGet().getPath() + " " + number;
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    static String child(Element parent, String name) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + name + ">");
    }

    static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }
}
