package io.workflowdb.operator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.workflowdb.operator.testing.ConcurrentWriter;
import io.workflowdb.operator.testing.DebianPostgres;
import io.workflowdb.operator.testing.LockSampler;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Prints what converting a populated, unpartitioned table into a partitioned one online costs next
 * to the plain way, for workflow_events (range, monthly on occurred_at; 10,000,000 rows over 24
 * months by default) and task_executions (hash, modulus 8 on task_id; 10,000,000 rows), both built
 * unpartitioned with the columns of the built-in workflow schema, a primary key on id, an index on
 * the partition key and, for task_executions, its foreign key to tasks. For each table:
 * <ol>
 * <li>the reference: one {@code INSERT INTO <table>_reference SELECT * FROM <table>} into a fresh
 * partitioned table of the same layout with every partition it needs (27 months and a default;
 * 8 hash partitions), its wall time and rows/s;</li>
 * <li>the online conversion through {@link #convert(DataSource, String)} with a PartitionPolicy
 * ({@code spec.conversion.mode: online});</li>
 * <li>throughout the conversion, a {@link ConcurrentWriter} committing 100 single-row inserts a
 * second into the table (its slowest commit and failed transactions), and a {@link LockSampler}
 * reading pg_locks every 100 ms on another connection: the longest lock that blocks writers held
 * or awaited on the table by a backend other than the writer.</li>
 * </ol>
 * Then a table of both methods side by side. Run with {@code bench/convert.sh [rows [task_executions
 * rows]] [--jdbc-url URL | --debian]}: by default the embedded PostgreSQL 17, {@code --debian}
 * Debian's installed server, {@code --jdbc-url} a server of your own (the benchmark creates, and
 * drops at the end, a database {@value #DATABASE} there). Figures, not assertions.
 */
public final class ConvertBenchmark {

    static final String DATABASE = "convert_bench";
    static final long DEFAULT_ROWS = 10_000_000L;
    /** The estimate the disk check uses: both tables, their indexes, the partitioned copy and WAL. */
    static final long BYTES_PER_ROW = 1024;
    static final int MONTHS = 24;
    /** Future months the reference holds, as a range policy's default premake. */
    static final int PREMAKE = 3;
    static final int HASH_MODULUS = 8;
    static final double WRITER_TRANSACTIONS_PER_SECOND = 100;
    static final String WRITER = "convert-bench-writer";
    static final Duration LOCK_SAMPLE = Duration.ofMillis(100);
    /** How long the writer goes on after the conversion returned, to see that writes still land. */
    static final Duration WRITER_AFTER = Duration.ofSeconds(1);
    static final Path POLICY_DIRECTORY = Path.of("target", "convert-bench");

    private static final DateTimeFormatter PARTITION_SUFFIX = DateTimeFormatter.ofPattern("'p'yyyy_MM", Locale.ROOT);

    // ------------------------------------------------------------------------------------------
    // THE CONVERSION HOOK: the one place this benchmark calls the online conversion. Replace the
    // body with the conversion's entry point, applying the policy to the table in db. The command
    // line equivalent is
    //     java -jar target/quarkus-app/quarkus-run.jar apply -f <policy.yaml> --jdbc-url <url>
    // which the benchmark prints for each table with the policy file it wrote.
    // ------------------------------------------------------------------------------------------
    /** How long the last conversion took until its swap committed (before its ANALYZE). */
    static volatile Duration untilSwap;

    static void convert(DataSource db, String policyYaml) throws Exception {
        io.workflowdb.operator.api.v1alpha1.PartitionPolicy policy = io.fabric8.kubernetes.client.utils.Serialization
                .unmarshal(policyYaml, io.workflowdb.operator.api.v1alpha1.PartitionPolicy.class);
        long[] lastLine = { System.nanoTime() };
        long started = System.nanoTime();
        io.workflowdb.operator.partition.convert.OnlineConversion.Listener progress = new io.workflowdb.operator.partition.convert.OnlineConversion.Listener() {
            @Override
            public void batch(io.workflowdb.operator.partition.convert.ConversionProgress.State state, long rows) {
                if (System.nanoTime() - lastLine[0] > 10_000_000_000L) {
                    lastLine[0] = System.nanoTime();
                    System.out.printf("    copying: %,d rows, pages %,d of %,d%n", state.rowsCopied(), state.nextBlock(),
                            state.endBlock());
                }
            }

            @Override
            public void phase(io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase phase, String message) {
                System.out.printf("    %6.2f s %s: %s%n", (System.nanoTime() - started) / 1e9, phase, message);
                if (phase == io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase.Done) {
                    untilSwap = Duration.ofNanos(System.nanoTime() - started);
                }
            }
        };
        try (java.sql.Connection c = db.getConnection()) {
            while (true) {
                io.workflowdb.operator.partition.convert.OnlineConversion.Report report = io.workflowdb.operator.partition.convert.OnlineConversion
                        .run(c, policy.getSpec(), java.time.Instant.now(), java.time.Duration.ofSeconds(30), null, progress);
                switch (report.result()) {
                    case IN_PROGRESS -> {
                    }
                    case WAITING -> Thread.sleep(200);
                    case DONE -> {
                        return;
                    }
                    default -> throw new IllegalStateException(report.result() + ": " + report.message());
                }
            }
        }
    }

    /** A table the benchmark converts. */
    record Subject(String table, String column, String policyName, String partitioning, String writerInsert) {

        String policyYaml() {
            String method = partitioning.equals("range") ? """
                      range:
                        interval: month
                    """ : """
                      hash:
                        modulus: %d
                    """.formatted(HASH_MODULUS);
            return """
                    apiVersion: workflowdb.io/v1alpha1
                    kind: PartitionPolicy
                    metadata:
                      name: %s
                    spec:
                      databaseRef:
                        name: bench
                      table: %s
                      column: %s
                    %s  conversion:
                        mode: online
                        extendPrimaryKey: true
                    """.formatted(policyName, table, column, method);
        }
    }

    record Options(long events, long executions, String jdbcUrl, boolean debian) {
    }

    /** The server the benchmark works on: a superuser DataSource to its maintenance database. */
    record Server(PGSimpleDataSource admin, String description) {

        PGSimpleDataSource database(String name) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(admin.getURL());
            ds.setUser(admin.getUser());
            ds.setPassword(admin.getPassword());
            ds.setDatabaseName(name);
            return ds;
        }

        /** {@code --jdbc-url} and {@code --user} for the command line; never the password. */
        String commandLineTarget(String database) {
            return "--jdbc-url jdbc:postgresql://" + admin.getServerNames()[0] + ":" + admin.getPortNumbers()[0] + "/"
                    + database + (admin.getUser() == null ? "" : " --user " + admin.getUser())
                    + (admin.getPassword() == null ? "" : " --password-file <file>");
        }
    }

    /** One table's figures. */
    record Outcome(String table, long rows, Duration referenceWall, Duration conversionWall, String conversionProblem,
            ConcurrentWriter.Summary writer, LockSampler.Result locks, Duration untilSwap) {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: bench/convert.sh [rows [task_executions rows]] [--jdbc-url URL | --debian]");
            System.exit(2);
            return;
        }
        Server server = server(options);
        System.out.printf("server: %s, %s%n", server.description(), version(server.admin()));
        System.out.printf("rows: workflow_events %,d, task_executions %,d%n", options.events(), options.executions());
        if (!enoughDisk(server.admin(), options)) {
            System.exit(1);
        }
        DataSource db = createDatabase(server);
        long tasks = Math.max(100, options.executions() / 20);
        String start = timestamp(firstMonth());
        load(db, options, tasks, start);

        List<Subject> subjects = List.of(
                new Subject("workflow_events", "occurred_at", "workflow-events-monthly", "range",
                        "INSERT INTO workflow_events (occurred_at, event_type, event_category, action, description, event_data,"
                                + " project_id, task_id) VALUES (now() - (? % 720) * interval '1 day', 'bench_write', 'bench',"
                                + " 'insert', 'written during the conversion', '{\"writer\": true}', 1, 1) RETURNING id"),
                new Subject("task_executions", "task_id", "task-executions-hash", "hash",
                        "INSERT INTO task_executions (task_id, agent_type, execution_status, started_at)"
                                + " VALUES (1 + ? % " + tasks + ", 'bench', 'running', now()) RETURNING id"));
        List<Outcome> outcomes = new ArrayList<>();
        for (Subject subject : subjects) {
            long rows = count(db, "SELECT count(*) FROM " + subject.table());
            System.out.printf("%n== %s (%,d rows, %s partitioning on %s)%n", subject.table(), rows, subject.partitioning(),
                    subject.column());
            Duration reference = reference(db, subject, rows);
            outcomes.add(conversion(db, server, subject, rows, reference));
        }
        print(outcomes);
        drop(server);
        System.exit(0);
    }

    static Options parse(String[] args) {
        List<Long> counts = new ArrayList<>();
        String jdbcUrl = null;
        boolean debian = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--jdbc-url") && i + 1 < args.length) {
                jdbcUrl = args[++i];
            } else if (arg.startsWith("--jdbc-url=")) {
                jdbcUrl = arg.substring("--jdbc-url=".length());
            } else if (arg.equals("--debian")) {
                debian = true;
            } else if (arg.matches("[0-9][0-9,_]*")) {
                counts.add(Long.parseLong(arg.replace(",", "").replace("_", "")));
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (counts.size() > 2 || counts.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("give at most two row counts, each at least 1");
        }
        if (jdbcUrl != null && debian) {
            throw new IllegalArgumentException("--jdbc-url and --debian exclude each other");
        }
        long events = counts.isEmpty() ? DEFAULT_ROWS : counts.get(0);
        long executions = counts.size() > 1 ? counts.get(1) : events;
        return new Options(events, executions, jdbcUrl, debian);
    }

    static Server server(Options options) {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        if (options.jdbcUrl() != null) {
            admin.setURL(options.jdbcUrl());
            return new Server(admin, "the server of --jdbc-url");
        }
        admin.setServerNames(new String[] { "127.0.0.1" });
        admin.setDatabaseName("postgres");
        if (options.debian()) {
            if (!DebianPostgres.installed()) {
                System.err.println("--debian: this machine lacks Debian's PostgreSQL server; .ci/install-test-packages installs"
                        + " it (Debian: postgresql)");
                System.exit(2);
            }
            admin.setPortNumbers(new int[] { DebianPostgres.port() });
            admin.setUser(DebianPostgres.SUPERUSER);
            return new Server(admin, "Debian's PostgreSQL " + DebianPostgres.majorVersion() + " (started for the benchmark)");
        }
        admin.setPortNumbers(new int[] { TestPostgres.port() });
        admin.setUser(TestPostgres.SUPERUSER);
        return new Server(admin, "the embedded PostgreSQL of the tests");
    }

    /**
     * Compares the free space where the server keeps its data with about {@value #BYTES_PER_ROW}
     * bytes a row; false (after saying so) when it is short.
     */
    static boolean enoughDisk(DataSource admin, Options options) {
        long rows = options.events() + options.executions();
        long need = rows * BYTES_PER_ROW;
        String estimate = String.format("estimated need %s (about 1 KB per row for %,d rows: both tables, their indexes,"
                + " the partitioned copies and WAL)", size(need), rows);
        String directory;
        try (Connection c = admin.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW data_directory")) {
            rs.next();
            directory = rs.getString(1);
        } catch (SQLException e) {
            System.out.printf("disk: cannot read the server's data_directory (%s); %s, not checked%n", e.getMessage(),
                    estimate);
            return true;
        }
        Path path = Path.of(directory);
        if (!Files.isDirectory(path)) {
            System.out.printf("disk: the data directory %s is not on this machine; %s, not checked%n", directory, estimate);
            return true;
        }
        long free;
        try {
            FileStore store = Files.getFileStore(path);
            free = store.getUsableSpace();
        } catch (IOException e) {
            System.out.printf("disk: cannot read the free space of %s (%s); %s, not checked%n", directory, e.getMessage(),
                    estimate);
            return true;
        }
        System.out.printf("disk: %s free in %s; %s%n", size(free), directory, estimate);
        if (free < need) {
            System.out.printf("refusing to load: %s would be needed and only %s is free there; free some space or pass"
                    + " smaller row counts (bench/convert.sh <rows> [<task_executions rows>])%n", size(need), size(free));
            return false;
        }
        return true;
    }

    static DataSource createDatabase(Server server) throws SQLException {
        drop(server);
        try (Connection c = server.admin().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        }
        return server.database(DATABASE);
    }

    static void drop(Server server) throws SQLException {
        try (Connection c = server.admin().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** The first of the 24 months the data covers: 23 whole months before the current one (UTC). */
    static YearMonth firstMonth() {
        return YearMonth.now(ZoneOffset.UTC).minusMonths(MONTHS - 1);
    }

    static String timestamp(YearMonth month) {
        return "timestamptz '" + month.atDay(1) + " 00:00:00+00'";
    }

    /**
     * The unpartitioned tables: workflow_events with {@code events} rows spread evenly from the
     * first month to now, tasks, and task_executions with {@code executions} rows over the same
     * time; primary keys, indexes and the foreign key are added after the rows, then everything is
     * vacuumed and analyzed and a checkpoint written, so that both methods start from the same state.
     */
    static void load(DataSource db, Options options, long tasks, String start) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            timed(st, "tasks: " + String.format("%,d", tasks) + " rows", """
                    CREATE TABLE tasks (
                        id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                        project_id     bigint      NOT NULL,
                        title          text        NOT NULL,
                        description    text,
                        status         text        NOT NULL DEFAULT 'pending',
                        priority       integer     NOT NULL DEFAULT 0,
                        requirements   jsonb       NOT NULL DEFAULT '{}',
                        context        jsonb       NOT NULL DEFAULT '{}',
                        assigned_agent text,
                        created_at     timestamptz NOT NULL DEFAULT now(),
                        updated_at     timestamptz NOT NULL DEFAULT now(),
                        completed_at   timestamptz
                    );
                    INSERT INTO tasks (id, project_id, title, status, priority, assigned_agent, created_at, updated_at,
                                       completed_at)
                    SELECT g, 1 + g %% 10, 'Task ' || g, 'completed', g %% 5, 'agent-' || g %% 16,
                           %1$s + (g - 1)::float8 / %2$d * (now() - %1$s),
                           %1$s + (g - 1)::float8 / %2$d * (now() - %1$s),
                           %1$s + (g - 1)::float8 / %2$d * (now() - %1$s)
                      FROM generate_series(1, %2$d) AS g;
                    SELECT setval(pg_get_serial_sequence('tasks', 'id'), %2$d);
                    """.formatted(start, tasks));
            timed(st, "workflow_events: " + String.format("%,d", options.events()) + " rows", """
                    CREATE TABLE workflow_events (
                        id             bigserial,
                        occurred_at    timestamptz NOT NULL DEFAULT now(),
                        event_type     text        NOT NULL,
                        event_category text        NOT NULL,
                        action         text        NOT NULL,
                        description    text,
                        event_data     jsonb       NOT NULL DEFAULT '{}',
                        project_id     bigint,
                        task_id        bigint
                    );
                    INSERT INTO workflow_events (id, occurred_at, event_type, event_category, action, description,
                                                 event_data, project_id, task_id)
                    SELECT g, %1$s + (g - 1)::float8 / %2$d * (now() - %1$s),
                           (ARRAY['task_created', 'task_updated', 'task_completed', 'execution_started',
                                  'execution_finished', 'validation_passed'])[1 + g %% 6],
                           (ARRAY['task', 'task', 'task', 'execution', 'execution', 'validation'])[1 + g %% 6],
                           (ARRAY['create', 'update', 'complete', 'start', 'finish', 'validate'])[1 + g %% 6],
                           'Task ' || 1 + g %% %3$d || ' ' || (ARRAY['created by', 'updated by', 'completed by',
                               'started on', 'finished on', 'validated by'])[1 + g %% 6] || ' agent-' || g %% 16,
                           jsonb_build_object('agent', 'agent-' || g %% 16, 'attempt', 1 + g %% 3,
                                              'duration_ms', g %% 5000, 'branch', 'feature/task-' || 1 + g %% %3$d),
                           1 + g %% 10, 1 + g %% %3$d
                      FROM generate_series(1, %2$d) AS g;
                    SELECT setval(pg_get_serial_sequence('workflow_events', 'id'), %2$d);
                    """.formatted(start, options.events(), tasks));
            timed(st, "workflow_events: primary key (id), index on occurred_at", """
                    ALTER TABLE workflow_events ADD PRIMARY KEY (id);
                    CREATE INDEX workflow_events_occurred_at_idx ON workflow_events (occurred_at);
                    """);
            timed(st, "task_executions: " + String.format("%,d", options.executions()) + " rows", """
                    CREATE TABLE task_executions (
                        id               bigserial,
                        task_id          bigint      NOT NULL,
                        agent_type       text        NOT NULL,
                        execution_status text        NOT NULL,
                        started_at       timestamptz NOT NULL DEFAULT now(),
                        completed_at     timestamptz,
                        duration         interval,
                        memory_usage_mb  integer,
                        error_message    text
                    );
                    INSERT INTO task_executions (id, task_id, agent_type, execution_status, started_at, completed_at,
                                                 duration, memory_usage_mb, error_message)
                    SELECT g, 1 + g %% %3$d,
                           (ARRAY['builder', 'reviewer', 'tester', 'planner'])[1 + g %% 4],
                           (ARRAY['completed', 'completed', 'completed', 'failed', 'timeout'])[1 + g %% 5],
                           s.at, s.at + (g %% 600) * interval '1 second', (g %% 600) * interval '1 second',
                           128 + g %% 2048,
                           CASE WHEN g %% 5 = 3 THEN 'exit status 1: test failure in module m' || g %% 100 END
                      FROM generate_series(1, %2$d) AS g,
                           LATERAL (SELECT %1$s + (g - 1)::float8 / %2$d * (now() - %1$s) AS at) AS s;
                    SELECT setval(pg_get_serial_sequence('task_executions', 'id'), %2$d);
                    """.formatted(start, options.executions(), tasks));
            timed(st, "task_executions: primary key (id), index on task_id, foreign key to tasks", """
                    ALTER TABLE task_executions ADD PRIMARY KEY (id);
                    CREATE INDEX task_executions_task_id_idx ON task_executions (task_id);
                    ALTER TABLE task_executions ADD CONSTRAINT task_executions_task_id_fkey
                        FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE;
                    """);
            // one statement each: VACUUM refuses to run in a multi-statement string
            timed(st, "vacuum, analyze, checkpoint", "VACUUM (ANALYZE) tasks", "VACUUM (ANALYZE) workflow_events",
                    "VACUUM (ANALYZE) task_executions", "CHECKPOINT");
        }
    }

    /** (a) The reference: one INSERT … SELECT into a fresh partitioned table of the same layout. */
    static Duration reference(DataSource db, Subject subject, long rows) throws SQLException {
        String reference = subject.table() + "_reference";
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            String layout;
            if (subject.partitioning().equals("range")) {
                StringBuilder ddl = new StringBuilder("""
                        CREATE TABLE %1$s (LIKE %2$s INCLUDING DEFAULTS) PARTITION BY RANGE (%3$s);
                        ALTER TABLE %1$s ADD PRIMARY KEY (id, %3$s);
                        CREATE INDEX %1$s_%3$s_idx ON %1$s (%3$s);
                        """.formatted(reference, subject.table(), subject.column()));
                YearMonth month = firstMonth();
                int partitions = MONTHS + PREMAKE;
                for (int i = 0; i < partitions; i++, month = month.plusMonths(1)) {
                    ddl.append("CREATE TABLE %1$s_%2$s PARTITION OF %1$s FOR VALUES FROM (%3$s) TO (%4$s);\n".formatted(
                            reference, PARTITION_SUFFIX.format(month), timestamp(month), timestamp(month.plusMonths(1))));
                }
                ddl.append("CREATE TABLE %1$s_default PARTITION OF %1$s DEFAULT;\n".formatted(reference));
                st.execute(ddl.toString());
                layout = partitions + " monthly partitions and a default; primary key (id, " + subject.column()
                        + "), index on " + subject.column();
            } else {
                StringBuilder ddl = new StringBuilder("""
                        CREATE TABLE %1$s (LIKE %2$s INCLUDING DEFAULTS) PARTITION BY HASH (%3$s);
                        ALTER TABLE %1$s ADD PRIMARY KEY (%3$s, id);
                        CREATE INDEX %1$s_%3$s_idx ON %1$s (%3$s);
                        ALTER TABLE %1$s ADD FOREIGN KEY (%3$s) REFERENCES tasks (id) ON DELETE CASCADE;
                        """.formatted(reference, subject.table(), subject.column()));
                for (int r = 0; r < HASH_MODULUS; r++) {
                    ddl.append("CREATE TABLE %1$s_p%2$d PARTITION OF %1$s FOR VALUES WITH (MODULUS %3$d, REMAINDER %2$d);\n"
                            .formatted(reference, r, HASH_MODULUS));
                }
                st.execute(ddl.toString());
                layout = HASH_MODULUS + " hash partitions; primary key (" + subject.column() + ", id), index on "
                        + subject.column() + ", foreign key to tasks";
            }
            long start = System.nanoTime();
            long copied = st.executeLargeUpdate("INSERT INTO " + reference + " SELECT * FROM " + subject.table());
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("(a) reference: INSERT INTO %s SELECT * FROM %s: %,d rows in %s = %s rows/s%n"
                    + "    (%s)%n", reference, subject.table(), copied, seconds(wall), perSecond(copied, wall), layout);
            st.execute("DROP TABLE " + reference);
            st.execute("CHECKPOINT");
            return wall;
        }
    }

    /** (b) The online conversion, with (c) the writer and the lock sampler throughout. */
    static Outcome conversion(DataSource db, Server server, Subject subject, long rows, Duration reference)
            throws Exception {
        String yaml = subject.policyYaml();
        Files.createDirectories(POLICY_DIRECTORY);
        Path policyFile = POLICY_DIRECTORY.resolve(subject.table() + ".yaml");
        Files.writeString(policyFile, yaml, StandardCharsets.UTF_8);
        System.out.printf("(b) online conversion with %s:%n%s", policyFile, yaml.indent(4));
        System.out.printf("    command line equivalent: java -jar target/quarkus-app/quarkus-run.jar apply -f %s %s%n",
                policyFile, server.commandLineTarget(DATABASE));

        LockSampler sampler = LockSampler.start(db, subject.table(), LOCK_SAMPLE, WRITER);
        ConcurrentWriter writer = ConcurrentWriter.writing(db, subject.writerInsert())
                .transactionsPerSecond(WRITER_TRANSACTIONS_PER_SECOND)
                .applicationName(WRITER)
                .threadName("writer-" + subject.table())
                .build();
        String problem = null;
        Duration wall;
        ConcurrentWriter.Summary written;
        LockSampler.Result locks;
        try {
            writer.start();
            // a moment of writing before, so that the first commits are not the conversion's
            writer.awaitAcknowledged(10, Duration.ofSeconds(30));
            long start = System.nanoTime();
            try {
                convert(db, yaml);
            } catch (UnsupportedOperationException e) {
                problem = "not built yet";
                System.out.printf("    convert(...) threw UnsupportedOperationException: %s%n", e.getMessage());
            } catch (Exception e) {
                problem = "failed: " + e;
            }
            wall = Duration.ofNanos(System.nanoTime() - start);
            Thread.sleep(WRITER_AFTER.toMillis());
        } finally {
            written = writer.stop();
            locks = sampler.stop();
        }
        System.out.printf("    conversion: %s%n", problem == null
                ? String.format("%s = %s rows/s", seconds(wall), perSecond(rows, wall)) : problem + " after " + seconds(wall));
        System.out.printf("(c) writer at %.0f single-row transactions/s for %s (from just before the conversion to %d s"
                + " after it): %s%n", WRITER_TRANSACTIONS_PER_SECOND, seconds(written.elapsed()), WRITER_AFTER.toSeconds(),
                written.describe());
        written.firstFailures().forEach(f -> System.out.println("      failed: " + f));
        System.out.printf("    longest lock that blocks writers on %s, by a backend other than the writer: %s%n",
                subject.table(), locks.describe());
        afterwards(db, subject, rows, written);
        return new Outcome(subject.table(), rows, reference, problem == null ? wall : null, problem, written, locks,
                problem == null ? untilSwap : null);
    }

    /** What the table is after the conversion, and whether every acknowledged row is in it. */
    static void afterwards(DataSource db, Subject subject, long rows, ConcurrentWriter.Summary written) throws SQLException {
        try (Connection c = db.getConnection()) {
            String kind;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT c.relkind, (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)"
                            + " FROM pg_class c WHERE c.oid = to_regclass(?)")) {
                ps.setString(1, subject.table());
                try (ResultSet rs = ps.executeQuery()) {
                    kind = !rs.next() ? "missing"
                            : rs.getString(1).equals("p") ? "partitioned, " + rs.getLong(2) + " partitions"
                            : rs.getString(1).equals("r") ? "a plain table (not partitioned)" : "relkind " + rs.getString(1);
                }
            }
            long now = count(db, "SELECT count(*) FROM " + subject.table());
            long found;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + subject.table() + " WHERE id = ANY (?)")) {
                Array keys = c.createArrayOf("bigint", written.expectedKeys().toArray());
                ps.setArray(1, keys);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    found = rs.getLong(1);
                }
            }
            long expected = rows + written.expectedKeys().size();
            System.out.printf("    afterwards: %s is %s; %,d rows, %s %,d (%,d loaded + %,d acknowledged);"
                    + " %,d of the %,d acknowledged rows found%n", subject.table(), kind, now,
                    now == expected ? "as expected:" : "EXPECTED", expected, rows, written.expectedKeys().size(), found,
                    written.expectedKeys().size());
        }
    }

    static void print(List<Outcome> outcomes) {
        System.out.printf("%n%-16s %12s | %-24s | %-24s | %s%n", "", "", "INSERT ... SELECT", "online conversion",
                "conversion /");
        System.out.printf("%-16s %12s | %10s %13s | %10s %13s | %s%n", "table", "rows", "wall", "rows/s", "wall", "rows/s",
                "INSERT ... SELECT");
        for (Outcome o : outcomes) {
            String conversionWall = o.conversionWall() == null ? "-" : seconds(o.conversionWall());
            String conversionRate = o.conversionWall() == null ? "-" : perSecond(o.rows(), o.conversionWall());
            String ratio = o.conversionWall() == null ? (o.conversionProblem() == null ? "-" : o.conversionProblem())
                    : String.format("%.2fx the wall time", o.conversionWall().toNanos() / (double) o.referenceWall().toNanos());
            System.out.printf("%-16s %,12d | %10s %13s | %10s %13s | %s%n", o.table(), o.rows(), seconds(o.referenceWall()),
                    perSecond(o.rows(), o.referenceWall()), conversionWall, conversionRate, ratio);
        }
        System.out.println();
        for (Outcome o : outcomes) {
            if (o.untilSwap() != null) {
                System.out.printf("%-16s conversion until its swap committed (the ANALYZE after it not counted): %s,"
                        + " %s rows/s = %.0f %% of the INSERT ... SELECT's rate; the whole conversion: %.0f %%%n", o.table(),
                        seconds(o.untilSwap()), perSecond(o.rows(), o.untilSwap()),
                        100.0 * o.referenceWall().toNanos() / o.untilSwap().toNanos(),
                        100.0 * o.referenceWall().toNanos() / o.conversionWall().toNanos());
            }
        }
        for (Outcome o : outcomes) {
            System.out.printf("%-16s writer during the conversion: slowest commit %d ms, %,d failed transactions;"
                    + " longest writer-blocking lock by another backend: %s%n", o.table(), o.writer().slowestCommit().toMillis(),
                    o.writer().failedTransactions(), o.locks().longest().map(l -> l.describe(o.locks().interval()))
                            .orElse("none seen"));
        }
    }

    private static void timed(Statement st, String what, String... statements) throws SQLException {
        long start = System.nanoTime();
        for (String sql : statements) {
            st.execute(sql);
        }
        System.out.printf("load: %s in %s%n", what, seconds(Duration.ofNanos(System.nanoTime() - start)));
    }

    private static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String version(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.2f s", d.toNanos() / 1e9);
    }

    private static String perSecond(long rows, Duration d) {
        return String.format("%,.0f", rows / (d.toNanos() / 1e9));
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30))
                : String.format("%.0f MiB", bytes / (double) (1L << 20));
    }
}
