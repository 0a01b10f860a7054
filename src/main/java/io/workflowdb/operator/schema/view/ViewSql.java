package io.workflowdb.operator.schema.view;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.workflowdb.operator.schema.view.ViewAction.AddUniqueIndex;
import io.workflowdb.operator.schema.view.ViewAction.Create;
import io.workflowdb.operator.schema.view.ViewAction.DropUndeclared;
import io.workflowdb.operator.schema.view.ViewAction.Leftover;
import io.workflowdb.operator.schema.view.ViewAction.Rebuild;
import io.workflowdb.operator.schema.view.ViewAction.Refresh;
import io.workflowdb.operator.schema.view.ViewAction.Refuse;
import io.workflowdb.operator.sql.BoundedLocks;
import io.workflowdb.operator.sql.Identifiers;

/** The SQL of each {@link ViewAction}. Every name goes through {@link Identifiers}. */
final class ViewSql {

    /**
     * Set on the session before any action. DDL waits at most 200 ms for a lock (the executor tries
     * again a few times, then the next reconcile) rather than queue: a queued ACCESS EXCLUSIVE request
     * blocks every later reader.
     */
    static final List<String> SESSION_SETTINGS = List.of(
            "SET lock_timeout = '" + BoundedLocks.LOCK_TIMEOUT.toMillis() + "ms'", "SET statement_timeout = '30min'");

    /** Gives a pooled connection back the way it came. */
    static final List<String> SESSION_RESET = List.of("RESET statement_timeout", "RESET lock_timeout");

    private ViewSql() {
    }

    static List<SqlBatch> batches(ViewAction action) {
        if (action instanceof Create a) {
            return List.of(SqlBatch.transaction(build(a.names().qualifiedView(), a.names().uniqueIndex(), a.query(),
                    a.uniqueKey(), a.marker())));
        }
        if (action instanceof Refresh r) {
            return List.of(SqlBatch.autocommit("REFRESH MATERIALIZED VIEW " + (r.concurrently() ? "CONCURRENTLY " : "")
                    + r.names().qualifiedView()));
        }
        if (action instanceof AddUniqueIndex a) {
            return List.of(SqlBatch.autocommit(createUniqueIndex(a.names().uniqueIndex(), a.names().qualifiedView(),
                    a.uniqueKey())));
        }
        if (action instanceof Rebuild r) {
            return rebuild(r);
        }
        if (action instanceof DropUndeclared d) {
            return List.of(SqlBatch.autocommit("DROP MATERIALIZED VIEW "
                    + Identifiers.quote(d.schema()) + "." + Identifiers.quote(d.name())));
        }
        if (action instanceof Refuse) {
            return List.of();
        }
        throw new IllegalArgumentException("unknown action " + action);
    }

    /** The whole script: session settings, each batch (transactions between BEGIN and COMMIT), reset. */
    static List<String> script(List<ViewAction> actions) {
        List<String> body = new ArrayList<>();
        for (ViewAction action : actions) {
            for (SqlBatch batch : batches(action)) {
                if (batch.transactional()) {
                    body.add("BEGIN");
                }
                body.addAll(batch.statements());
                if (batch.transactional()) {
                    body.add("COMMIT");
                }
            }
        }
        if (body.isEmpty()) {
            return List.of();
        }
        List<String> script = new ArrayList<>(SESSION_SETTINGS);
        script.addAll(body);
        script.addAll(SESSION_RESET);
        return script;
    }

    /**
     * The new definition is built under the temporary name while readers keep using the old view;
     * then one short transaction swaps it in. The marker set at build time travels with the renamed
     * view, so the swap needs no COMMENT of its own.
     */
    private static List<SqlBatch> rebuild(Rebuild r) {
        ViewNames n = r.names();
        List<SqlBatch> batches = new ArrayList<>();
        if (r.leftover() != Leftover.REUSE) {
            List<String> build = new ArrayList<>();
            if (r.leftover() == Leftover.DISCARD) {
                build.add("DROP MATERIALIZED VIEW " + n.qualifiedTempView());
            }
            build.addAll(build(n.qualifiedTempView(), n.tempUniqueIndex(), r.query(), r.uniqueKey(), r.marker()));
            batches.add(SqlBatch.transaction(build));
        }
        List<String> swap = new ArrayList<>();
        swap.add("DROP MATERIALIZED VIEW " + n.qualifiedView());
        swap.add("ALTER MATERIALIZED VIEW " + n.qualifiedTempView() + " RENAME TO " + Identifiers.quote(n.view()));
        if (!r.uniqueKey().isEmpty()) {
            swap.add("ALTER INDEX " + n.qualifiedTempUniqueIndex() + " RENAME TO " + Identifiers.quote(n.uniqueIndex()));
        }
        batches.add(SqlBatch.transaction(swap));
        return batches;
    }

    private static List<String> build(String qualifiedView, String uniqueIndex, String query, List<String> uniqueKey,
            String marker) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE MATERIALIZED VIEW " + qualifiedView + " AS\n" + query.strip() + "\nWITH DATA");
        if (!uniqueKey.isEmpty()) {
            statements.add(createUniqueIndex(uniqueIndex, qualifiedView, uniqueKey));
        }
        statements.add("COMMENT ON MATERIALIZED VIEW " + qualifiedView + " IS " + literal(marker));
        return statements;
    }

    /** The index is created in the view's schema, so its own name takes no schema. */
    private static String createUniqueIndex(String index, String qualifiedView, List<String> uniqueKey) {
        return "CREATE UNIQUE INDEX " + Identifiers.quote(index) + " ON " + qualifiedView + " ("
                + uniqueKey.stream().map(Identifiers::quote).collect(Collectors.joining(", ")) + ")";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
