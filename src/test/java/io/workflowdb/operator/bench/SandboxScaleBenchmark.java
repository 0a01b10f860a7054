package io.workflowdb.operator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.sandbox.Sandbox;
import io.workflowdb.operator.sandbox.SandboxOperator;
import io.workflowdb.operator.sandbox.SandboxPostgres;

/**
 * The operator at scale in the sandbox: {@code databases} external WorkflowDatabases (default
 * 100), each its own database in the embedded PostgreSQL, with four policies each (two
 * PartitionPolicies, a RetentionPolicy and a MaintenancePolicy from examples/), all created at
 * once; then the spec of {@code changes} of them (default 50) is changed, and the time from each
 * change until {@code status.observedGeneration} shows it is printed (median, p99, max), with the
 * operator's RSS and heap after settling and its reconciles per second. The operator is the
 * packaged jar in its own JVM, started as the image starts it under the Helm chart's default 512 MiB
 * memory limit ({@link ImageJvm}). Native memory tracking splits the committed memory by category,
 * to show what the RSS is made of. {@code -Dbench.operatorJvm="..."} replaces the JVM options.
 */
public final class SandboxScaleBenchmark {

    static final Path DIRECTORY = Path.of("target/sandbox-bench");
    static final String NS = Sandbox.NAMESPACE;
    /** The chart's default memory limit of the operator container. */
    static final String MEMORY_LIMIT = "512m";
    static final String NATIVE_MEMORY_TRACKING = "-XX:NativeMemoryTracking=summary";
    static final ImageJvm IMAGE_JVM = imageJvm();
    static final List<String> OPERATOR_JVM = System.getProperty("bench.operatorJvm") == null ? IMAGE_JVM.options()
            : List.of(System.getProperty("bench.operatorJvm").trim().split("\\s+"));

    private final Map<String, Long> observedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> wanted = new ConcurrentHashMap<>();

    private static ImageJvm imageJvm() {
        try {
            ImageJvm image = ImageJvm.read(MEMORY_LIMIT);
            List<String> options = new ArrayList<>(image.options());
            options.add(NATIVE_MEMORY_TRACKING);
            return new ImageJvm(List.copyOf(options), image.environment());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        int databases = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        new SandboxScaleBenchmark().run(databases, changes);
        System.exit(0);
    }

    void run(int databases, int changes) throws Exception {
        try (Sandbox sandbox = Sandbox.start(Sandbox.Options.fresh(DIRECTORY))) {
            int httpPort = Sandbox.freePort();
            try (SandboxOperator operator = SandboxOperator.start(sandbox.apiUrl(), NS, httpPort,
                    DIRECTORY.resolve("operator.log"), OPERATOR_JVM, IMAGE_JVM.environment())) {
                measure(sandbox, operator, databases, changes);
            }
        }
    }

    private void measure(Sandbox sandbox, SandboxOperator operator, int databases, int changes) throws Exception {
        KubernetesClient client = sandbox.client();
        List<SharedIndexInformer<?>> informers = List.of(watch(client, WorkflowDatabase.class),
                watch(client, PartitionPolicy.class), watch(client, RetentionPolicy.class),
                watch(client, MaintenancePolicy.class));
        awaitOperator(operator);
        Thread.sleep(10_000);
        memory(operator, "idle, before any resource");

        try (Connection c = sandbox.postgres().superuser("postgres"); Statement st = c.createStatement()) {
            for (int i = 0; i < databases; i++) {
                st.execute("CREATE DATABASE " + database(i) + " OWNER " + SandboxPostgres.USER);
            }
        }
        PartitionPolicy monthly = example("examples/partition-policy-workflow-events.yaml", PartitionPolicy.class, 0);
        PartitionPolicy hash = example("examples/partition-policy-workflow-events.yaml", PartitionPolicy.class, 1);
        RetentionPolicy retention = example("examples/retentionpolicy.yaml", RetentionPolicy.class, 0);
        MaintenancePolicy maintenance = example("examples/maintenancepolicy.yaml", MaintenancePolicy.class, 0);

        long created = System.nanoTime();
        for (int i = 0; i < databases; i++) {
            String name = "bench-" + i;
            WorkflowDatabase db = Serialization.unmarshal(Serialization.asYaml(example("examples/sandbox/workflowdatabase.yaml",
                    WorkflowDatabase.class, 0)), WorkflowDatabase.class);
            db.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
            db.getSpec().external.hosts = List.of("127.0.0.1:" + sandbox.postgres().port());
            db.getSpec().external.database = database(i);
            expect(db, 1);
            client.resource(db).create();
            for (CustomResource<?, ?> policy : List.of(copy(monthly, name + "-events", name), copy(hash, name + "-executions", name),
                    copy(retention, name + "-retention", name), copy(maintenance, name + "-maintenance", name))) {
                expect(policy, 1);
                client.resource(policy).create();
            }
        }
        int total = wanted.size();
        double settled = awaitAll(created, Duration.ofMinutes(20));
        long reconcilesAfterCreate = reconciles(operator);
        System.out.printf("[bench] %d resources (%d WorkflowDatabases with 4 policies each) created; every"
                + " status.observedGeneration current after %.1f s; %d reconciles, %.1f per second%n", total, databases,
                settled, reconcilesAfterCreate, reconcilesAfterCreate / settled);

        Thread.sleep(30_000);
        memory(operator, "after settling (30 s)");

        List<CustomResource<?, ?>> toChange = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            String name = "bench-" + (i * databases / changes);
            int kind = i % 4;
            toChange.add(kind == 0 ? client.resources(RetentionPolicy.class).inNamespace(NS).withName(name + "-retention").get()
                    : kind == 1 ? client.resources(MaintenancePolicy.class).inNamespace(NS).withName(name + "-maintenance").get()
                    : kind == 2 ? client.resources(PartitionPolicy.class).inNamespace(NS).withName(name + "-events").get()
                    : client.resources(WorkflowDatabase.class).inNamespace(NS).withName(name).get());
        }
        observedAt.clear();
        wanted.clear();
        Map<String, Long> changedAt = new ConcurrentHashMap<>();
        long before = reconciles(operator);
        long started = System.nanoTime();
        for (CustomResource<?, ?> resource : toChange) {
            CustomResource<?, ?> edited = edit(client, resource);
            expect(edited, edited.getMetadata().getGeneration());
            changedAt.put(key(edited), System.nanoTime());
        }
        double changedAll = awaitAll(started, Duration.ofMinutes(5));
        List<Double> latencies = new ArrayList<>();
        changedAt.forEach((key, at) -> latencies.add((observedAt.get(key) - at) / 1e9));
        Collections.sort(latencies);
        long reconcilesDuring = reconciles(operator) - before;
        System.out.printf("[bench] %d spec changes: change -> status.observedGeneration median %.2f s, p99 %.2f s,"
                + " max %.2f s; all shown after %.1f s; %d reconciles meanwhile (%.1f per second)%n", changes,
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1), changedAll,
                reconcilesDuring, reconcilesDuring / changedAll);
        memory(operator, "after the changes");
        informers.forEach(SharedIndexInformer::close);
    }

    private <T extends CustomResource<?, ? extends BaseStatus>> SharedIndexInformer<T> watch(KubernetesClient client,
            Class<T> type) {
        return client.resources(type).inNamespace(NS).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T resource) {
                seen(resource);
            }

            @Override
            public void onUpdate(T old, T resource) {
                seen(resource);
            }

            @Override
            public void onDelete(T resource, boolean unknown) {
            }
        });
    }

    private void seen(CustomResource<?, ? extends BaseStatus> resource) {
        String key = key(resource);
        Long want = wanted.get(key);
        BaseStatus status = resource.getStatus();
        if (want != null && status != null && status.observedGeneration != null && status.observedGeneration >= want) {
            observedAt.putIfAbsent(key, System.nanoTime());
        }
    }

    private void expect(CustomResource<?, ?> resource, long generation) {
        wanted.put(key(resource), generation);
    }

    private static String key(CustomResource<?, ?> resource) {
        return resource.getKind() + "/" + resource.getMetadata().getName();
    }

    /** Seconds from {@code since} until every expected generation was observed. */
    private double awaitAll(long since, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (observedAt.size() < wanted.size()) {
            if (System.nanoTime() > deadline) {
                List<String> missing = wanted.keySet().stream().filter(k -> !observedAt.containsKey(k)).sorted().limit(10)
                        .toList();
                throw new IllegalStateException((wanted.size() - observedAt.size()) + " of " + wanted.size()
                        + " resources without their observedGeneration after " + within + ", e.g. " + missing);
            }
            Thread.sleep(50);
        }
        return (Collections.max(observedAt.values()) - since) / 1e9;
    }

    @SuppressWarnings("unchecked")
    private static CustomResource<?, ?> edit(KubernetesClient client, CustomResource<?, ?> resource) {
        Consumer<CustomResource<?, ?>> change;
        if (resource instanceof RetentionPolicy p) {
            change = r -> ((RetentionPolicy) r).getSpec().batchSize = p.getSpec().batchSize + 1;
        } else if (resource instanceof MaintenancePolicy) {
            change = r -> ((MaintenancePolicy) r).getSpec().maxDuration = "45m";
        } else if (resource instanceof PartitionPolicy p) {
            change = r -> ((PartitionPolicy) r).getSpec().range.premake = p.getSpec().range.premake + 1;
        } else {
            change = r -> ((WorkflowDatabase) r).getSpec().monitoring.healthCheckInterval = "45s";
        }
        return client.resource((CustomResource<Object, Object>) resource).edit(r -> {
            change.accept(r);
            return r;
        });
    }

    private static <T extends CustomResource<?, ?>> T copy(T example, String name, String database) {
        T copy = Serialization.clone(example);
        copy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        LocalObjectReference ref = new LocalObjectReference(database);
        if (copy instanceof PartitionPolicy p) {
            p.getSpec().databaseRef = ref;
        } else if (copy instanceof RetentionPolicy p) {
            p.getSpec().databaseRef = ref;
        } else if (copy instanceof MaintenancePolicy p) {
            p.getSpec().databaseRef = ref;
        }
        return copy;
    }

    private static <T> T example(String file, Class<T> type, int document) throws IOException {
        String[] documents = Files.readString(Path.of(file)).split("(?m)^---\\s*$");
        return Serialization.unmarshal(documents[document], type);
    }

    private static String database(int i) {
        return "bench_" + i;
    }

    private static void awaitOperator(SandboxOperator operator) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (get(operator, "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the operator did not become ready within 60 s");
    }

    /** Reconciles the operator started, from its metrics. */
    private static long reconciles(SandboxOperator operator) throws IOException, InterruptedException {
        return (long) metric(operator, "operator_sdk_reconciliations_started_total{");
    }

    private static void memory(SandboxOperator operator, String when) throws IOException, InterruptedException {
        jcmd(operator, "GC.run"); // the heap used is then what is live
        List<String> status = Files.readAllLines(Path.of("/proc/" + operator.pid() + "/status"));
        double heap = metric(operator, "jvm_memory_used_bytes{area=\"heap\"");
        System.out.printf("[bench] operator %s: RSS %.0f MiB, heap used after a full GC %.0f MiB, %d threads (%s)%n", when,
                statusField(status, "VmRSS:") / 1024.0, heap / (1024 * 1024), statusField(status, "Threads:"),
                String.join(" ", OPERATOR_JVM) + ", environment " + IMAGE_JVM.environment());
        nativeMemory(operator);
        heapHistogram(operator);
        threadGroups(operator);
    }

    /** The operator's threads counted by name with the numbers taken out, most numerous first. */
    private static void threadGroups(SandboxOperator operator) throws IOException, InterruptedException {
        Map<String, Long> groups = new java.util.TreeMap<>();
        jcmd(operator, "Thread.print").lines().filter(l -> l.startsWith("\""))
                .map(l -> l.substring(1, l.indexOf('"', 1)).replaceAll("\\d+", "N"))
                .forEach(name -> groups.merge(name, 1L, Long::sum));
        System.out.println("[bench]   threads by name: " + groups.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    /** A number from /proc/PID/status, such as VmRSS (KiB) or Threads. */
    private static long statusField(List<String> status, String field) {
        return status.stream().filter(l -> l.startsWith(field)).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(-1L);
    }

    /** The classes holding the most heap, from a class histogram (which runs a full GC first). */
    private static void heapHistogram(SandboxOperator operator) throws IOException, InterruptedException {
        String out = jcmd(operator, "GC.class_histogram");
        // rows "   1:   instances   bytes   class (module)"; jcmd's first line is "<pid>:"
        List<String> top = out.lines().map(l -> l.trim().split("\\s+")).filter(c -> c.length >= 4 && c[0].matches("\\d+:"))
                .limit(8).map(c -> c[3] + " " + Long.parseLong(c[2]) / 1024 + " KiB").toList();
        System.out.println("[bench]   largest heap holders after a full GC: " + top);
    }

    private static String jcmd(SandboxOperator operator, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(operator.pid()), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return out;
    }

    /** The committed memory by category from native memory tracking, largest first, when it is on. */
    private static void nativeMemory(SandboxOperator operator) throws IOException, InterruptedException {
        String out = jcmd(operator, "VM.native_memory summary");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(out);
        List<Map.Entry<String, Long>> categories = new ArrayList<>();
        while (m.find()) {
            categories.add(Map.entry(m.group(1).trim(), Long.parseLong(m.group(2)) / 1024));
        }
        if (categories.isEmpty()) {
            return;
        }
        categories.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        System.out.println("[bench]   committed MiB by category: " + categories.stream().limit(12)
                .map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    /** The sum of every sample whose line starts with {@code prefix}. */
    private static double metric(SandboxOperator operator, String prefix) throws IOException, InterruptedException {
        return get(operator, "/q/metrics").body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<String> get(SandboxOperator operator, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + operator.httpPort()
                + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
