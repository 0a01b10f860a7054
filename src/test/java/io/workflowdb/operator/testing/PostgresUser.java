package io.workflowdb.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the PostgreSQL tools that refuse root (postgres, pg_ctl, pgbouncer) from a test JVM that may
 * be root. Under root a command runs as {@code postgres} through {@code setpriv}, which execs, so the
 * started process keeps the PID a test kills; otherwise it runs as the current user. Files such a
 * process reads or writes are handed over to that user.
 */
public final class PostgresUser {

    public static final String NAME = "postgres";

    private static final boolean ROOT = currentUid() == 0;

    private PostgresUser() {
    }

    public static boolean isRoot() {
        return ROOT;
    }

    /** {@code command}, run as {@code postgres} when the JVM is root. */
    public static List<String> command(List<String> command) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("setpriv", "--reuid=" + NAME, "--regid=" + NAME, "--init-groups"));
        }
        full.addAll(command);
        return full;
    }

    /** Under root, gives {@code path} to {@code postgres}; otherwise it already belongs to the user that runs the tools. */
    public static void handOver(Path path) throws IOException {
        if (ROOT) {
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(path, users.lookupPrincipalByName(NAME));
        }
    }

    /**
     * Skips the calling test when something it needs from the machine is missing, loudly, except
     * where {@code CI} is set: there a missing tool is an error.
     */
    public static void requireInstalled(boolean present, String reason) {
        if (present) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail(reason + " (CI is set, so this is an error rather than a skip)");
        }
        System.err.println("""

                ******************************************************************************
                SKIPPED: %s
                ******************************************************************************
                """.formatted(reason));
        Assumptions.assumeTrue(false, reason);
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
