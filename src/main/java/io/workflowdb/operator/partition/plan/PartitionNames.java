package io.workflowdb.operator.partition.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.HexFormat;

/**
 * Names of the partitions the planner creates. The pattern is {@code <table>_<suffix>}:
 *
 * <ul>
 * <li>day {@code _p2026_11_24}, week {@code _p2026_w47} (ISO week-based year and week), month
 * {@code _p2026_11}, quarter {@code _p2026_q4}, year {@code _p2026}, from the local start date;</li>
 * <li>hash {@code _h0} .. {@code _h<modulus-1>};</li>
 * <li>default {@code _default};</li>
 * <li>hash subpartitions of a range partition: the range partition's name plus {@code _h<remainder>}.</li>
 * </ul>
 *
 * PostgreSQL cuts identifiers at 63 bytes, so when a name would be longer, the table part is cut to
 * {@value #SHORT_TABLE_BYTES} bytes and followed by {@code _} and 8 hex digits of the SHA-256 of the
 * full table name: all partitions of one table keep the same prefix and two long tables sharing a
 * prefix still differ. Names serve creation only; partitions are recognised by their bounds.
 */
public final class PartitionNames {

    static final int MAX_BYTES = 63;
    /** Longest suffix the pattern produces, {@code _p2026_11_24_h63}, leaves room for prefix and hash. */
    static final int LONGEST_SUFFIX_BYTES = 16;
    static final int SHORT_TABLE_BYTES = MAX_BYTES - LONGEST_SUFFIX_BYTES - 9;

    private final String table;

    /** @param table the partitioned table; a schema qualifier is dropped (partitions live in its schema) */
    public PartitionNames(String table) {
        int dot = table.lastIndexOf('.');
        this.table = dot < 0 ? table : table.substring(dot + 1);
    }

    /** The table's unqualified name. */
    public String table() {
        return table;
    }

    public String range(RangeBounds bounds, Instant from) {
        return withSuffix(rangeSuffix(bounds, bounds.floorDate(from)));
    }

    public String hash(int remainder) {
        return withSuffix("_h" + remainder);
    }

    public String defaultPartition() {
        return withSuffix("_default");
    }

    public String subpartition(RangeBounds bounds, Instant from, int remainder) {
        return withSuffix(rangeSuffix(bounds, bounds.floorDate(from)) + "_h" + remainder);
    }

    private static String rangeSuffix(RangeBounds bounds, LocalDate start) {
        return switch (bounds.interval()) {
            case DAY -> String.format("_p%04d_%02d_%02d", start.getYear(), start.getMonthValue(), start.getDayOfMonth());
            case WEEK -> String.format("_p%04d_w%02d", start.get(IsoFields.WEEK_BASED_YEAR),
                    start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("_p%04d_%02d", start.getYear(), start.getMonthValue());
            case QUARTER -> String.format("_p%04d_q%d", start.getYear(), start.get(IsoFields.QUARTER_OF_YEAR));
            case YEAR -> String.format("_p%04d", start.getYear());
        };
    }

    private String withSuffix(String suffix) {
        String full = table + suffix;
        if (bytes(full) <= MAX_BYTES) {
            return full;
        }
        return cutToBytes(table, SHORT_TABLE_BYTES) + "_" + shortHash(table) + suffix;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of whole code points within {@code max} UTF-8 bytes. */
    private static String cutToBytes(String s, int max) {
        int end = 0;
        int used = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = bytes(new String(Character.toChars(cp)));
            if (used + size > max) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
