package io.workflowdb.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM the operator image starts, rebuilt for a process outside a container: the settings its
 * Dockerfile gives the image's launcher (run-java.sh), the options that launcher always adds, and
 * {@code -XX:MaxRAM} standing in for the container's memory limit, which is what the JVM's
 * ergonomics (heap ceiling, initial heap) are computed from there.
 */
record ImageJvm(List<String> options, Map<String, String> environment) {

    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    /** What run-java.sh adds besides the collector, heap ratio and JAVA_OPTS_APPEND. */
    static final List<String> LAUNCHER_DEFAULTS = List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
            "-XX:GCTimeRatio=4", "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError");

    /** @param memoryLimit the container's memory limit in JVM notation, such as 512m */
    static ImageJvm read(String memoryLimit) throws IOException {
        Map<String, String> env = new HashMap<>();
        Matcher m = Pattern.compile("\\b([A-Z_]+)=\"([^\"]*)\"").matcher(Files.readString(DOCKERFILE));
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        List<String> options = new ArrayList<>(List.of("-XX:MaxRAM=" + memoryLimit,
                "-XX:MaxRAMPercentage=" + required(env, "JAVA_MAX_MEM_RATIO")));
        options.addAll(split(required(env, "GC_CONTAINER_OPTIONS")));
        options.addAll(LAUNCHER_DEFAULTS);
        options.addAll(split(required(env, "JAVA_OPTS_APPEND")));
        return new ImageJvm(List.copyOf(options), Map.of("MALLOC_ARENA_MAX", required(env, "MALLOC_ARENA_MAX")));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalStateException(DOCKERFILE + " sets no " + name);
        }
        return value;
    }

    private static List<String> split(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
