package io.workflowdb.operator.retention.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;

/**
 * The audit row the seed's archival function wrote: one {@code workflow_events} row per finished
 * run (event_type {@code data_archival}, the counts in event_data), written only when that table
 * exists where the connection's search_path finds it. Every value is bound.
 */
public final class RetentionAudit {

    public static final String EVENT_TYPE = "data_archival";

    private static final String INSERT = """
            INSERT INTO workflow_events (event_type, event_category, action, description, event_data)
            SELECT ?, 'system', ?, ?, jsonb_build_object('policy', ?::text, 'table', ?::text, 'archive_table', ?::text,
                       'action', ?::text, 'rows', ?::bigint, 'batches', ?::int, 'older_than', ?::text, 'cutoff', ?::text)
            """;

    private RetentionAudit() {
    }

    /**
     * @return whether a row was written (false when there is no workflow_events table)
     * @throws SQLException when the table exists but refuses the row (other columns, no privilege)
     */
    public static boolean record(Connection autocommit, String policy, RetentionPolicySpec spec, String source,
            String archive, long rows, int batches, String cutoff) throws SQLException {
        boolean archiving = spec.action == RetentionPolicySpec.Action.ARCHIVE;
        String table = source.substring(source.indexOf('.') + 1);
        String description = (archiving ? "Archived " : "Deleted ") + rows + " rows of " + source
                + (archiving ? " into " + archive : "") + " older than " + spec.olderThan;
        try (PreparedStatement exists = autocommit.prepareStatement("SELECT to_regclass('workflow_events') IS NOT NULL");
                ResultSet rs = exists.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (PreparedStatement ps = autocommit.prepareStatement(INSERT)) {
            ps.setString(1, EVENT_TYPE);
            ps.setString(2, (archiving ? "archive_" : "delete_") + table);
            ps.setString(3, description);
            ps.setString(4, policy);
            ps.setString(5, source);
            ps.setString(6, archive);
            ps.setString(7, archiving ? "archive" : "delete");
            ps.setLong(8, rows);
            ps.setInt(9, batches);
            ps.setString(10, spec.olderThan);
            ps.setString(11, cutoff);
            return ps.executeUpdate() == 1;
        }
    }
}
