package io.workflowdb.operator.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.cluster.patroni.PatroniLayout;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerProcess;
import io.workflowdb.operator.testing.InstalledPrograms;
import io.workflowdb.operator.testing.PostgresUser;

/**
 * The programs the end-to-end tier runs, found on this machine: Patroni and patronictl, etcd,
 * PgBouncer and Debian's PostgreSQL server binaries. {@link #require()} skips the calling test,
 * loudly, when any is missing, and fails it where {@code CI} is set.
 */
record E2eMachine(Path patroni, Path patronictl, Path etcd, Path pgbouncer, Path postgresBin) {

    private static final List<String> POSTGRES_PROGRAMS = List.of("postgres", "initdb", "pg_ctl", "pg_basebackup",
            "pg_rewind", "pg_controldata");

    static E2eMachine require() {
        Optional<Path> patroni = onPath("patroni");
        Optional<Path> patronictl = onPath("patronictl");
        Optional<Path> etcd = onPath("etcd");
        Optional<Path> postgresBin = newestPostgresBin();
        List<String> missing = new ArrayList<>();
        patroni.ifPresentOrElse(p -> { }, () -> missing.add("patroni"));
        patronictl.ifPresentOrElse(p -> { }, () -> missing.add("patronictl"));
        etcd.ifPresentOrElse(p -> { }, () -> missing.add("etcd (etcd-server)"));
        if (!Files.isExecutable(PgBouncerProcess.BINARY)) {
            missing.add(PgBouncerProcess.BINARY.toString());
        }
        postgresBin.ifPresentOrElse(p -> { },
                () -> missing.add("PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin)"));
        if (PostgresUser.isRoot() && onPath("setpriv").isEmpty()) {
            missing.add("setpriv (util-linux), to run PostgreSQL as postgres");
        }
        Path socketDirectory = Path.of(PatroniLayout.forVersion(PatroniLayout.DEFAULT_POSTGRES_VERSION).socketDirectory());
        if (!PostgresUser.isRoot() && !Files.isWritable(socketDirectory)) {
            // without root the members share the socket directory the rendered file names
            missing.add("root, or write access to " + socketDirectory);
        }
        PostgresUser.requireInstalled(missing.isEmpty(), "the end-to-end tier needs " + String.join(", ", missing)
                + "; .ci/install-test-packages installs them"
                + " (Debian: patroni etcd-server etcd-client pgbouncer postgresql)");
        return new E2eMachine(patroni.get(), patronictl.get(), etcd.get(), PgBouncerProcess.BINARY, postgresBin.get());
    }

    /** The major version of {@link #postgresBin}: its directory is {@code /usr/lib/postgresql/<major>/bin}. */
    int postgresMajor() {
        return Integer.parseInt(postgresBin.getParent().getFileName().toString());
    }

    static Optional<Path> onPath(String program) {
        return InstalledPrograms.onPath(program);
    }

    private static Optional<Path> newestPostgresBin() {
        return InstalledPrograms.newestPostgresBin(POSTGRES_PROGRAMS);
    }
}
