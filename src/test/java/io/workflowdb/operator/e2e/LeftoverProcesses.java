package io.workflowdb.operator.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * Processes whose command line names a run directory of this tier: Patroni (its config file),
 * PostgreSQL ({@code -D <data>}) and etcd ({@code --data-dir}). Left over only when a test JVM died
 * without its clean-up; they are killed before a run reuses the directory, and after it as a check.
 */
final class LeftoverProcesses {

    private LeftoverProcesses() {
    }

    /** Kills (SIGKILL) every running process whose command line mentions {@code directory}; returns what it killed. */
    static List<String> killMentioning(Path directory) {
        String needle = directory.toAbsolutePath().toString() + "/";
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && Pids.running(p.pid()))
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .toList();
        found.forEach(ProcessHandle::destroyForcibly);
        return found.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }
}
