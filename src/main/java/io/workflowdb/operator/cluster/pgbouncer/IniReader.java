package io.workflowdb.operator.cluster.pgbouncer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link IniWriter} writes, and the base defaults file: {@code [section]} lines,
 * {@code key = value} lines (both sides trimmed, as PgBouncer does), blank lines, and comment lines
 * starting with {@code ;} or {@code #}. Anything else is an error naming the line.
 */
public final class IniReader {

    private IniReader() {
    }

    /** Sections in file order, each with its settings in file order; a repeated key keeps its last value. */
    public static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": section header without ']'");
                }
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
                        name -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected key = value");
            }
            if (current == null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": setting before the first section");
            }
            current.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        return sections;
    }
}
