package io.workflowdb.operator.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.workflowdb.operator.testing.Processes;

/**
 * The operator as the build packages it ({@code target/quarkus-app/quarkus-run.jar}), run as a
 * child process against the sandbox's API: the production artifact, without any of the sandbox's
 * classes. Only what a cluster would give it differs: the API address, no leader election (one
 * replica), and JSON patches for status (the sandbox API has no server-side apply).
 */
public record SandboxOperator(Process process, int httpPort) implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    /**
     * @param log where its output goes; null: this process's console
     * @param jvmOptions extra options for its JVM, such as -Xmx
     * @param environment extra environment variables of its process
     */
    public static SandboxOperator start(String apiUrl, String namespace, int httpPort, Path log, List<String> jvmOptions,
            Map<String, String> environment) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build it first (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("KUBERNETES_MASTER", apiUrl);
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("KUBERNETES_NAMESPACE", namespace);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_OPERATOR_SDK_ENABLE_SSA", "false");
        env.put("WORKFLOWDB_LEADER_ELECTION_ENABLED", "false");
        env.putAll(environment);
        if (log == null) {
            builder.inheritIO();
        } else {
            Files.createDirectories(log.toAbsolutePath().getParent());
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        return new SandboxOperator(builder.start(), httpPort);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Blocks until the operator exits; its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops it as Kubernetes would: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(20));
    }
}
