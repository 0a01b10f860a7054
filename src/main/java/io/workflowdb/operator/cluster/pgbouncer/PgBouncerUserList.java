package io.workflowdb.operator.cluster.pgbouncer;

import java.util.Map;
import java.util.TreeMap;

/**
 * The auth_file PgBouncer reads: one {@code "user" "secret"} line per user, sorted by user, with
 * {@code "} doubled inside a field as PgBouncer's format wants. It goes into a Secret, never a
 * ConfigMap.
 */
public final class PgBouncerUserList {

    private PgBouncerUserList() {
    }

    /**
     * The file for the auth_query set-up: only the auth user, with its plain password; every other
     * user is looked up through auth_query. The auth user's entry cannot be a SCRAM secret:
     * PgBouncer logs in to PostgreSQL as the auth user on its own, before any client has
     * authenticated, and a SCRAM secret holds only what verifies a password, not what proves one.
     * (For other users PgBouncer reuses the proof their client just sent it.)
     */
    public static String forAuthUser(String authUser, String password) {
        return render(Map.of(authUser, password));
    }

    /** One line per entry, sorted by user. */
    public static String render(Map<String, String> secretsByUser) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(secretsByUser).forEach((user, secret) -> {
            if (user.isEmpty() || !isOneLine(user)) {
                throw new IllegalArgumentException("auth file user names must be non-empty, one line, without NUL");
            }
            if (secret == null || !isOneLine(secret)) {
                throw new IllegalArgumentException(
                        "the auth file secret of \"" + user + "\" must be one line without NUL");
            }
            out.append(quoted(user)).append(' ').append(quoted(secret)).append('\n');
        });
        return out.toString();
    }

    private static boolean isOneLine(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\0') < 0;
    }

    private static String quoted(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
