package io.workflowdb.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Process facts from /proc; a zombie counts as gone (it holds no port, socket or data directory). */
final class Pids {

    private Pids() {
    }

    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | IndexOutOfBoundsException gone) {
            return false;
        }
    }

    /** The postmaster's PID from the first line of {@code postmaster.pid}, when the file exists. */
    static OptionalLong postmaster(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException absent) {
            return OptionalLong.empty();
        }
    }

    /** {@code pid} and everything below it, as {@link ProcessHandle}s of processes that still run. */
    static Set<ProcessHandle> withDescendants(long pid) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            all.add(p);
            p.descendants().forEach(all::add);
        });
        return all;
    }
}
