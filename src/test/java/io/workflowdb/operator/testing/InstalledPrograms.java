package io.workflowdb.operator.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the programs of the machine that the tiers with real Patroni, PostgreSQL or kubectl run. */
public final class InstalledPrograms {

    private InstalledPrograms() {
    }

    /** {@code program} in the first directory of PATH that has it executable. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Debian's newest {@code /usr/lib/postgresql/<major>/bin}, if it holds every one of {@code programs}. */
    public static Optional<Path> newestPostgresBin(List<String> programs) {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .filter(bin -> programs.stream().allMatch(p -> Files.isExecutable(bin.resolve(p))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
