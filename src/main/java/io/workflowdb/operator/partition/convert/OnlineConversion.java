package io.workflowdb.operator.partition.convert;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.ConversionProgress.State;
import io.workflowdb.operator.sql.AdvisoryLock;
import io.workflowdb.operator.sql.BoundedLocks;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.SessionSettings;
import io.workflowdb.operator.sql.SqlStates;

/**
 * Converts a populated, unpartitioned table into the partitioned table its policy describes while
 * the application keeps reading and writing it. The phases, each recorded in
 * {@link ConversionProgress} with the work it finishes:
 * <ol>
 * <li>Preparing: the new table is built next to the original ({@link ShadowTable}), empty and
 * unused; then a trigger on the original starts carrying every change into it, and the original's
 * size in pages is noted.</li>
 * <li>Copying: pages of the original are copied in batches, each one short transaction that also
 * moves the recorded position; rows the trigger already carried are skipped.</li>
 * <li>Verifying: rows deleted while their page was being copied are removed, then both tables are
 * counted in one snapshot. A mismatch copies once more; a second one fails the conversion.</li>
 * <li>Swapping: {@link Swap}, one short transaction, retried while the locks are not granted
 * within the lock timeout.</li>
 * <li>Done: the new table is analyzed; the original stays under its new name.</li>
 * </ol>
 * A session advisory lock (the same one partition upkeep takes) keeps two runs apart. Each call does
 * as much as {@code budget} allows and returns; the next call continues from the database's record,
 * also after the process was killed. Removing the conversion from the policy before the swap drops
 * the trigger and the new table, which leaves the original as it was.
 */
public final class OnlineConversion {

    /** How a call ended. */
    public enum Result {
        /** No conversion is asked for or under way: upkeep goes on as usual. */
        NOT_NEEDED,
        /** Refused before any change; the message names why and the fix. */
        REFUSED,
        /** Work remains; call again. */
        IN_PROGRESS,
        /** Waiting (suspended, a lock not granted, another run holds the table); call again later. */
        WAITING,
        /** The table is partitioned now. */
        DONE,
        /** The conversion was called off and its traces removed; the original is as it was. */
        ABORTED,
        /** A verification failed; the message says what. The original is unchanged and still in use. */
        FAILED
    }

    /** What one call did, with the record as the database holds it afterwards (null when there is none). */
    public record Report(Result result, String message, State state, long rowsThisCall, int batchesThisCall) {
    }

    /** Told about each batch and each change of phase, for a progress line or an Event. */
    public interface Listener {
        void batch(State state, long rows);

        void phase(Phase phase, String message);

        Listener NONE = new Listener() {
            @Override
            public void batch(State state, long rows) {
            }

            @Override
            public void phase(Phase phase, String message) {
            }
        };
    }

    static final int SWAP_ATTEMPTS = 5;

    /** Sessions holding a lock on the table or any partition of the new one, oldest transaction first. */
    private static final String HOLDERS = """
            SELECT DISTINCT format('%s (pid %s, %s, in a transaction for %s s)',
                   coalesce(nullif(a.backend_type, 'client backend'), 'a session of ' || a.usename), a.pid,
                   l.mode, round(extract(epoch FROM now() - a.xact_start)))
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.granted AND a.pid <> pg_backend_pid()
               AND l.relation IN (SELECT to_regclass(?) UNION SELECT relid FROM pg_partition_tree(to_regclass(?)))
             LIMIT 5
            """;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection c;
    private final PartitionPolicySpec spec;
    private final Listener listener;
    private Long volumeBytes;

    private OnlineConversion(Connection autocommit, PartitionPolicySpec spec, Listener listener) {
        this.c = autocommit;
        this.spec = spec;
        this.listener = listener;
    }

    /**
     * Does as much of the conversion as {@code budget} allows.
     *
     * @param autocommit a connection in autocommit mode; it is returned in that mode
     * @param paused why batches must wait now (suspended, outside the window, the database under
     *        pressure), or null; a pause never holds up an abort
     */
    public static Report run(Connection autocommit, PartitionPolicySpec spec, Instant now, Duration budget,
            String paused, Listener listener) throws SQLException {
        return run(autocommit, spec, now, budget, paused, null, listener);
    }

    /**
     * As above; with {@code volumeBytes}, the size of the volume that holds the database (a managed
     * cluster's), a conversion that would not fit is refused before it starts: the database as it
     * is, plus the copy (the table with its indexes), plus max_wal_size of WAL.
     */
    public static Report run(Connection autocommit, PartitionPolicySpec spec, Instant now, Duration budget,
            String paused, Long volumeBytes, Listener listener) throws SQLException {
        OnlineConversion conversion = new OnlineConversion(autocommit, spec, listener);
        conversion.volumeBytes = volumeBytes;
        return conversion.run(now, budget, paused);
    }

    /** The record of a conversion of this table, if one was ever started. */
    public static Optional<State> state(Connection c, PartitionPolicySpec spec) throws SQLException {
        return ConversionProgress.read(c, resolvedName(c, spec.table));
    }

    private Report run(Instant now, Duration budget, String paused) throws SQLException {
        String source = resolvedName(c, spec.table);
        Optional<State> recorded = ConversionProgress.read(c, source);
        if (spec.conversion == null && (recorded.isEmpty() || !recorded.get().abortable())) {
            return new Report(Result.NOT_NEEDED, null, recorded.orElse(null), 0, 0);
        }
        Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(c, "partition:" + source);
        if (lock.isEmpty()) {
            return new Report(Result.WAITING, "another run holds the table", recorded.orElse(null), 0, 0);
        }
        try (AdvisoryLock held = lock.get();
                SessionSettings settings = SessionSettings.apply(c, Map.of("lock_timeout",
                        (spec.conversion == null ? 200 : spec.conversion.lockTimeoutMillis()) + "ms"))) {
            recorded = ConversionProgress.read(c, source);
            if (spec.conversion == null) {
                return recorded.isPresent() && recorded.get().abortable() ? abort(recorded.get())
                        : new Report(Result.NOT_NEEDED, null, recorded.orElse(null), 0, 0);
            }
            return new Session(source, now, budget, paused).advance(recorded.orElse(null));
        }
    }

    /** One call's work, phase after phase, while the budget lasts. */
    private final class Session {
        private final String source;
        private final Instant now;
        private final long deadline;
        private final String paused;
        private long rows;
        private int batches;

        Session(String source, Instant now, Duration budget, String paused) {
            this.source = source;
            this.now = now;
            this.deadline = System.nanoTime() + budget.toNanos();
            this.paused = paused;
        }

        Report advance(State state) throws SQLException {
            if (state == null || state.phase() == Phase.Done && state.finishedAt() != null) {
                Optional<SourceTable> table = SourceCatalog.read(c, spec.table, spec.column, spec.hash != null);
                if (table.isEmpty() || table.get().partitioned()) {
                    return report(Result.NOT_NEEDED, null);
                }
                if (!SourceCatalog.queryBoolean(c, "SELECT EXISTS (SELECT 1 FROM " + quoted(table.get()) + ")")) {
                    // empty tables are converted in place by partition upkeep
                    return report(Result.NOT_NEEDED, null);
                }
                List<String> refusals = new java.util.ArrayList<>(ConversionPlanner.refusals(spec, table.get()));
                space(table.get()).ifPresent(refusals::add);
                if (!refusals.isEmpty()) {
                    return report(Result.REFUSED, String.join("; ", refusals));
                }
                return prepare(table.get());
            }
            ConversionPlan plan = plan(state);
            while (true) {
                state = ConversionProgress.read(c, source).orElseThrow();
                switch (state.phase()) {
                    case Preparing -> {
                        Report r = capture(plan, state);
                        if (r != null) {
                            return r;
                        }
                    }
                    case Copying -> {
                        if (paused != null) {
                            return report(Result.WAITING, paused);
                        }
                        if (!copy(plan, state)) {
                            return report(Result.IN_PROGRESS, "copying");
                        }
                    }
                    case Verifying -> {
                        Report r = verify(plan, state);
                        if (r != null) {
                            return r;
                        }
                    }
                    case Swapping -> {
                        if (!swap(plan)) {
                            return report(Result.WAITING, "the swap did not get its locks within "
                                    + spec.conversion.lockTimeoutMillis() + " ms in " + SWAP_ATTEMPTS
                                    + " attempts; it is tried again" + blockers(plan));
                        }
                    }
                    case Done -> {
                        analyze(plan);
                        return report(Result.DONE, "converted; the original table is kept as " + plan.retired());
                    }
                }
            }
        }

        /** Why the copy would not fit on the volume, when its size is known. */
        private Optional<String> space(SourceTable table) throws SQLException {
            if (volumeBytes == null) {
                return Optional.empty();
            }
            long database = SourceCatalog.longValue(c, "SELECT pg_database_size(current_database())");
            long wal = SourceCatalog.longValue(c, "SELECT pg_size_bytes(current_setting('max_wal_size'))");
            long needed = database + table.totalBytes() + wal;
            return needed <= volumeBytes ? Optional.empty()
                    : Optional.of("the copy does not fit: the database takes " + mib(database) + " MiB, the copy of "
                            + table.name() + " about " + mib(table.totalBytes()) + " MiB and up to " + mib(wal)
                            + " MiB of WAL, on a volume of " + mib(volumeBytes) + " MiB; grow spec.storage.size first");
        }

        /** Refusals that need the rows (range without a default partition), then the new table. */
        private Report prepare(SourceTable table) throws SQLException {
            Instant[] bounds = spec.hash != null ? new Instant[] { null, null } : SourceCatalog.keyBounds(c, table);
            ConversionPlan plan = ConversionPlanner.plan(spec, table, bounds[0], bounds[1], now);
            List<String> uncovered = ConversionPlanner.uncovered(plan, bounds[0], bounds[1]);
            if (!uncovered.isEmpty()) {
                return report(Result.REFUSED, String.join("; ", uncovered));
            }
            ConversionProgress.ensure(c);
            dropLeftovers(plan);
            c.setAutoCommit(false);
            try {
                ConversionProgress.start(c, source, plan.shadow(), plan.retired());
                List<String> indexNames = ShadowTable.create(c, plan, table);
                ConversionProgress.indexNames(c, source, indexNames);
                new ShadowTable.Statements(c).execute(ConversionSql.createCaptureFunction(plan, tag()));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            listener.phase(Phase.Preparing, "created " + plan.shadow() + " with " + plan.layout().size()
                    + " partitions");
            return advance(ConversionProgress.read(c, source).orElseThrow());
        }

        /** Foreign keys, then the trigger: each a short transaction under the lock timeout. */
        private Report capture(ConversionPlan plan, State state) throws SQLException {
            for (String fk : ShadowTable.missingForeignKeys(c, plan)) {
                if (!locked(() -> new ShadowTable.Statements(c).execute(fk))) {
                    return report(Result.WAITING, "adding a foreign key did not get its lock; it is tried again");
                }
            }
            boolean installed = locked(() -> {
                ShadowTable.Statements run = new ShadowTable.Statements(c);
                for (String sql : ConversionSql.createCaptureTriggers(plan)) {
                    run.execute(sql);
                }
                // the trigger's lock waited for every writer before it: all rows outside these pages came after
                long pages = SourceCatalog.longValue(c, "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint",
                        ConversionSql.source(plan));
                ConversionProgress.startCopy(c, source, pages);
            });
            if (!installed) {
                return report(Result.WAITING, "creating the change capture trigger did not get its lock; it is tried again");
            }
            listener.phase(Phase.Copying, "copying " + plan.table() + " into " + plan.shadow());
            return null;
        }

        /** Copies batches until the pages are done (true) or the budget is spent (false). */
        private boolean copy(ConversionPlan plan, State state) throws SQLException {
            long next = state.nextBlock();
            long rowsCopied = state.rowsCopied();
            while (next < state.endBlock()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                long pages = pagesPerBatch(state, next, rowsCopied);
                long to = Math.min(state.endBlock(), next + pages);
                long from = next;
                long[] copied = new long[1];
                boolean done = locked(() -> {
                    // the batch and its recorded position commit together, so a batch a crash loses
                    // is simply copied again: no need to wait for each commit's WAL flush
                    SessionSettings.local(c, "synchronous_commit", "off");
                    copied[0] = new ShadowTable.Statements(c).update(ConversionSql.copyPages(plan, from, to));
                    if (!ConversionProgress.batch(c, source, from, to, copied[0])) {
                        throw new SQLException("the conversion's position moved under this run; it stops");
                    }
                });
                if (!done) {
                    return false;
                }
                next = to;
                rowsCopied += copied[0];
                rows += copied[0];
                batches++;
                listener.batch(ConversionProgress.read(c, source).orElseThrow(), copied[0]);
                pause();
            }
            ConversionProgress.copied(c, source);
            listener.phase(Phase.Verifying, "copied " + rowsCopied + " rows; verifying");
            return true;
        }

        private long pagesPerBatch(State state, long next, long rowsCopied) throws SQLException {
            double rowsPerPage = next > 0 && rowsCopied > 0 ? (double) rowsCopied / next : 0;
            if (rowsPerPage == 0) {
                rowsPerPage = SourceCatalog.longValue(c, "SELECT greatest(reltuples, 0)::bigint / greatest(relpages, 1)"
                        + " FROM pg_class WHERE oid = ?::regclass", ConversionSql.source(plan(state)));
            }
            return Math.max(1, (long) (spec.conversion.batchSize() / Math.max(rowsPerPage, 1)));
        }

        private void pause() {
            int millis = spec.conversion.pauseMillis();
            if (millis > 0) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private Report verify(ConversionPlan plan, State state) throws SQLException {
            if (!ConversionProgress.copyTransactionsEnded(c, source)) {
                // a transaction that overlapped the copy may still delete a row a batch copied
                return report(Result.WAITING, "waiting for transactions that were open during the copy to end"
                        + blockers(plan));
            }
            state = ConversionProgress.read(c, source).orElseThrow();
            if (state.vanished() && !locked(() -> new ShadowTable.Statements(c).update(ConversionSql.deleteVanished(plan)))) {
                return report(Result.WAITING, "removing rows deleted during the copy waited too long for row locks; it is tried again");
            }
            long[] counts = SourceCatalog.countsInOneSnapshot(c, ConversionSql.countBoth(plan));
            ConversionProgress.counts(c, source, counts[0], counts[1]);
            if (counts[0] == counts[1]) {
                ConversionProgress.phase(c, source, Phase.Swapping, "verified " + counts[0] + " rows in both tables; swapping");
                listener.phase(Phase.Swapping, "verified: " + counts[0] + " rows in " + plan.table() + " and in "
                        + plan.shadow());
                return null;
            }
            String mismatch = plan.table() + " holds " + counts[0] + " rows, " + plan.shadow() + " " + counts[1];
            if (state.passes() >= 1) {
                return report(Result.FAILED, "verification failed twice: " + mismatch
                        + "; the original is unchanged; remove spec.conversion to clean up");
            }
            ConversionProgress.copyAgain(c, source, "counts differed (" + mismatch + "); copying again");
            listener.phase(Phase.Copying, "counts differed (" + mismatch + "); copying again");
            return null;
        }

        private boolean swap(ConversionPlan plan) throws SQLException {
            State state = ConversionProgress.read(c, source).orElseThrow();
            List<String> indexNames = state.indexNames();
            boolean identity = SourceCatalog.longValue(c, "SELECT current_setting('server_version_num')::bigint") >= 170000;
            boolean swapped = locked(() -> {
                ShadowTable.Statements run = new ShadowTable.Statements(c);
                run.execute("LOCK TABLE " + ConversionSql.source(plan) + ", " + ConversionSql.shadow(plan)
                        + " IN ACCESS EXCLUSIVE MODE");
                Swap.run(c, plan, indexNames, identity);
                ConversionProgress.phase(c, source, Phase.Done, "swapped; the original table is kept as " + plan.retired());
                ConversionProgress.unfinish(c, source);
            });
            if (swapped) {
                listener.phase(Phase.Done, "swapped: " + plan.table() + " is partitioned; the original is kept as "
                        + plan.retired());
            }
            return swapped;
        }

        private void analyze(ConversionPlan plan) throws SQLException {
            ShadowTable.resetAutovacuum(c, ConversionSql.source(plan));
            new ShadowTable.Statements(c).execute("ANALYZE " + ConversionSql.source(plan));
            ConversionProgress.phase(c, source, Phase.Done, "converted; the original table is kept as " + plan.retired());
        }

        /** The plan again from the catalog, for a conversion resumed after its prepare (the layout is built by then). */
        private ConversionPlan plan(State state) throws SQLException {
            Identifiers.QualifiedName name = Identifiers.QualifiedName.parse(source);
            boolean swapped = state.phase() == Phase.Done;
            List<String> columns = swapped ? List.of()
                    : SourceCatalog.copiedColumns(c, Identifiers.quote(name.schema()) + "." + Identifiers.quote(name.name()));
            List<String> primaryKey = swapped ? List.of()
                    : SourceCatalog.primaryKeyOf(c, Identifiers.quote(name.schema()) + "." + Identifiers.quote(state.shadow()));
            return new ConversionPlan(name.schema(), name.name(), state.shadow(), state.retired(),
                    spec.hash != null ? "hash" : "range", spec.column, primaryKey, false, columns, List.of(), List.of());
        }

        /** Who holds the tables now, for the message of a swap that did not get its locks. */
        private String blockers(ConversionPlan plan) throws SQLException {
            List<String> holders = SourceCatalog.strings(c, HOLDERS, ConversionSql.source(plan), ConversionSql.shadow(plan));
            return holders.isEmpty() ? "" : "; held by " + String.join(", ", holders);
        }

        private Report report(Result result, String message) throws SQLException {
            return new Report(result, message, ConversionProgress.read(c, source).orElse(null), rows, batches);
        }
    }

    /**
     * One short transaction under the conversion's lock timeout, tried again after a growing pause
     * while it times out ({@link BoundedLocks}); false when every attempt did.
     */
    private boolean locked(LockedWork work) throws SQLException {
        int timeout = spec.conversion == null ? (int) BoundedLocks.LOCK_TIMEOUT.toMillis() : spec.conversion.lockTimeoutMillis();
        BoundedLocks.Policy policy = new BoundedLocks.Policy(Duration.ofMillis(timeout), SWAP_ATTEMPTS,
                BoundedLocks.DEFAULT.firstPause(), BoundedLocks.DEFAULT.longestPause());
        try {
            BoundedLocks.inTransaction(c, policy, connection -> {
                work.run();
                return null;
            });
            return true;
        } catch (SQLException e) {
            if (SqlStates.classify(e) == SqlStates.Kind.LOCK_TIMEOUT) {
                return false;
            }
            throw e;
        }
    }

    private interface LockedWork {
        void run() throws SQLException;
    }

    /** Drops the trigger and the new table; the original is left as it was before the conversion. */
    private Report abort(State state) throws SQLException {
        Identifiers.QualifiedName name = Identifiers.QualifiedName.parse(state.source());
        ConversionPlan plan = new ConversionPlan(name.schema(), name.name(), state.shadow(), state.retired(), "range",
                spec.column, List.of(), false, List.of(), List.of(), List.of());
        boolean dropped = locked(() -> {
            ShadowTable.Statements run = new ShadowTable.Statements(c);
            for (String sql : ConversionSql.dropCaptureTriggers(plan, plan.table())) {
                run.execute(sql);
            }
            run.execute("DROP TABLE IF EXISTS " + ConversionSql.shadow(plan));
            run.execute("DROP FUNCTION IF EXISTS " + ConversionSql.captureFunction(plan) + "()");
            ConversionProgress.forget(c, state.source());
        });
        if (!dropped) {
            return new Report(Result.WAITING, "dropping the change capture did not get its lock; it is tried again",
                    state, 0, 0);
        }
        return new Report(Result.ABORTED, "conversion called off: the trigger and " + state.shadow()
                + " were dropped; " + plan.table() + " is as it was", null, 0, 0);
    }

    /** Drops what a conversion that failed before recording itself may have left: the trigger function. */
    private void dropLeftovers(ConversionPlan plan) throws SQLException {
        new ShadowTable.Statements(c).execute("DROP FUNCTION IF EXISTS " + ConversionSql.captureFunction(plan) + "()");
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static String quoted(SourceTable table) {
        return Identifiers.quote(table.schema()) + "." + Identifiers.quote(table.name());
    }

    private static String tag() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "wfdb_" + HexFormat.of().formatHex(bytes);
    }

    /** {@code schema.name} of the table as PostgreSQL resolves the policy's name; the name as given when missing. */
    static String resolvedName(Connection c, String table) throws SQLException {
        List<String> resolved = SourceCatalog.strings(c, "SELECT n.nspname || '.' || c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)",
                Identifiers.quoteQualified(table));
        if (!resolved.isEmpty()) {
            return resolved.get(0);
        }
        Identifiers.QualifiedName name = Identifiers.QualifiedName.parse(table);
        return (name.schema() == null ? SourceCatalog.strings(c, "SELECT current_schema()").get(0) : name.schema())
                + "." + name.name();
    }
}
