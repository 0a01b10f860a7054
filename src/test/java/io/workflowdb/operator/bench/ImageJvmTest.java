package io.workflowdb.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The image's JVM settings, as the scale benchmark reads them from the Dockerfile and docs/install.md lists them. */
class ImageJvmTest {

    @Test
    void theBenchmarkStartsTheOperatorWithTheImagesFootprintSettings() throws Exception {
        ImageJvm jvm = ImageJvm.read("512m");
        assertThat(jvm.options()).startsWith("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=25")
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MaxHeapFreeRatio=20")
                .doesNotContain("-XX:+UseParallelGC");
        assertThat(jvm.environment()).isEqualTo(Map.of("MALLOC_ARENA_MAX", "2"));
        String install = Files.readString(Path.of("docs/install.md"));
        assertThat(install).contains("| `JAVA_MAX_MEM_RATIO` | `25` |", "| `GC_CONTAINER_OPTIONS` | `-XX:+UseSerialGC` |",
                "| `JAVA_OPTS_APPEND` | `-XX:TieredStopAtLevel=1` |", "| `MALLOC_ARENA_MAX` | `2` |");
    }
}
