package io.workflowdb.operator.cluster.patroni;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.Patterns;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/** What the Patroni renderer refuses in a spec; {@link PatroniConfigRenderer#problems} is its public face. */
final class PatroniSpecRules {

    private static final Pattern PARAMETER_NAME = Pattern.compile(Patterns.PARAMETER_NAME);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern KUBERNETES_NAME = Pattern.compile(Patterns.KUBERNETES_NAME);

    /**
     * Parameters Patroni passes on the postgres command line. It drops a value below these minimums
     * without a word and starts PostgreSQL with its own, so such a value is refused here instead.
     */
    static final Map<String, Integer> PATRONI_MINIMUMS = Map.of("max_connections", 25, "max_wal_senders", 3,
            "max_replication_slots", 4, "max_worker_processes", 2, "max_locks_per_transaction", 32,
            "max_prepared_transactions", 0);

    /**
     * Parameters that run a shell command or load code into PostgreSQL: whoever sets them runs code as
     * the postgres OS user. Refused whatever the value; {@code shared_preload_libraries} is checked
     * against an allow-list instead.
     */
    static final Set<String> CODE_PARAMETERS = Set.of("archive_command", "archive_library", "restore_command",
            "archive_cleanup_command", "recovery_end_command", "ssl_passphrase_command", "dynamic_library_path",
            "local_preload_libraries", "session_preload_libraries", "jit_provider", "extension_control_path",
            "oauth_validator_libraries");

    /** A library name PostgreSQL looks up in its own {@code $libdir}: no path, no {@code $libdir} prefix. */
    private static final Pattern LIBRARY_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final Set<String> HBA_TYPES = Set.of("local", "host", "hostssl", "hostnossl", "hostgssenc",
            "hostnogssenc");
    private static final Set<String> REFUSED_METHODS = Set.of("trust", "password");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1/32", "::1/128", "127.0.0.0/8", "localhost");

    private PatroniSpecRules() {
    }

    static List<Violation> problems(WorkflowDatabaseSpec spec) {
        List<Violation> problems = new ArrayList<>();
        if (spec.postgresql != null) {
            parameters(spec.postgresql.parameters, problems);
            hbaLines(spec.postgresql.pgHba, problems);
        }
        if (spec.patroni != null && spec.patroni.dcs == PatroniSpec.Dcs.ETCD) {
            etcdHosts(spec.patroni.etcd == null ? null : spec.patroni.etcd.hosts, problems);
            if (spec.patroni.etcd != null) {
                secretName("spec.patroni.etcd.credentialsSecret", spec.patroni.etcd.credentialsSecret, problems);
                secretName("spec.patroni.etcd.tlsSecret", spec.patroni.etcd.tlsSecret, problems);
            }
        }
        return List.copyOf(problems);
    }

    private static void parameters(Map<String, String> parameters, List<Violation> problems) {
        if (parameters == null) {
            return;
        }
        new TreeMap<>(parameters).forEach((key, value) -> {
            String field = "spec.postgresql.parameters." + key;
            if (!PARAMETER_NAME.matcher(key).matches()) {
                problems.add(new Violation(field, "\"" + key + "\" is not a PostgreSQL parameter name"));
            } else if ("synchronous_standby_names".equals(key)) {
                problems.add(new Violation(field, key + " is managed by Patroni; use spec.patroni.synchronousMode"));
            } else if (CODE_PARAMETERS.contains(key)) {
                problems.add(new Violation(field, key + " runs a command or loads code as the postgres user, which a"
                        + " WorkflowDatabase may not; " + ("archive_command".equals(key) ? "WAL archiving is the operator's"
                                : "it is refused")));
            } else if (PatroniConfigRenderer.BLOCKED_PARAMETERS.contains(key)) {
                problems.add(new Violation(field, key + " is set by the operator and cannot be overridden"));
            } else if ("wal_level".equals(key) && value != null && "minimal".equals(value.strip().toLowerCase(Locale.ROOT))) {
                problems.add(new Violation(field, "wal_level minimal disables replication; use replica or logical"));
            }
            if (value != null && PatroniConfigRenderer.SHARED_PRELOAD_LIBRARIES.equals(key)) {
                for (String library : libraries(value)) {
                    if (!LIBRARY_NAME.matcher(library).matches()) {
                        problems.add(new Violation(field, "\"" + library + "\" is not a library name: list names such as"
                                + " pg_stat_statements, without a path"));
                    }
                }
            }
            if (value == null) {
                problems.add(new Violation(field, "needs a value"));
            } else if (breaksLine(value)) {
                problems.add(new Violation(field, "value must be one line without NUL"));
            } else if (PATRONI_MINIMUMS.containsKey(key) && !atLeast(value, PATRONI_MINIMUMS.get(key))) {
                problems.add(new Violation(field, "must be a whole number of at least " + PATRONI_MINIMUMS.get(key)
                        + "; Patroni ignores any other value"));
            }
        });
    }

    private static void hbaLines(List<String> lines, List<Violation> problems) {
        if (lines == null) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null || line.isBlank()) {
                problems.add(new Violation("spec.postgresql.pgHba[" + i + "]", "must be a pg_hba.conf rule, not empty"));
            } else if (breaksLine(line)) {
                problems.add(new Violation("spec.postgresql.pgHba[" + i + "]", "must be one line without NUL"));
            } else {
                String field = "spec.postgresql.pgHba[" + i + "]";
                hbaProblem(line).ifPresent(p -> problems.add(new Violation(field, p)));
            }
        }
    }

    /** The names a {@code shared_preload_libraries} value lists, quotes removed. */
    static List<String> libraries(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",")) {
            String n = name.strip().replace("\"", "");
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * What is wrong with one user-supplied pg_hba line: an include, a method that lets a client in
     * without proving a password ({@code trust}) or sends it in clear text ({@code password}), or a
     * non-TLS line for remote clients ({@code host}/{@code hostnossl} other than loopback, unless it
     * rejects). The operator's own rules are added apart and never judged here.
     */
    static java.util.Optional<String> hbaProblem(String line) {
        String text = line.strip();
        if (text.startsWith("#")) {
            return java.util.Optional.empty();
        }
        String[] f = text.split("\\s+");
        String type = f[0].toLowerCase(Locale.ROOT);
        if (!HBA_TYPES.contains(type)) {
            return java.util.Optional.of("\"" + f[0] + "\" is not a connection type this field accepts: use local, hostssl,"
                    + " hostgssenc, or host for loopback (include directives are refused)");
        }
        boolean local = "local".equals(type);
        int methodAt = local ? 3 : 4;
        if (!local && f.length > 5 && !f[3].contains("/") && looksLikeMask(f[4])) {
            methodAt = 5;
        }
        if (f.length <= methodAt) {
            return java.util.Optional.of("must name a database, a user" + (local ? "" : ", an address") + " and a method");
        }
        String method = f[methodAt].toLowerCase(Locale.ROOT);
        if (REFUSED_METHODS.contains(method)) {
            return java.util.Optional.of("method " + method + (method.equals("trust")
                    ? " lets clients in without a password" : " sends the password in clear text")
                    + "; use scram-sha-256 (or reject)");
        }
        if (("host".equals(type) || "hostnossl".equals(type)) && !"reject".equals(method)
                && !LOOPBACK.contains(f[3].toLowerCase(Locale.ROOT))) {
            return java.util.Optional.of(type + " admits remote clients without TLS; use hostssl (or a loopback address,"
                    + " or method reject)");
        }
        return java.util.Optional.empty();
    }

    private static boolean looksLikeMask(String field) {
        return !field.isEmpty() && field.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':'
                || (c >= 'a' && c <= 'f'));
    }

    private static void etcdHosts(List<String> hosts, List<Violation> problems) {
        if (hosts == null || hosts.isEmpty()) {
            problems.add(new Violation("spec.patroni.etcd.hosts", "is required when dcs is etcd"));
            return;
        }
        new SpecChecks().hostPorts("spec.patroni.etcd.hosts", hosts).violations()
                .forEach(v -> problems.add(new Violation(v.field(), v.message())));
    }

    private static void secretName(String field, String name, List<Violation> problems) {
        if (name != null && (name.length() > 253 || !KUBERNETES_NAME.matcher(name).matches())) {
            problems.add(new Violation(field, "\"" + name + "\" is not a Secret name"));
        }
    }

    private static boolean atLeast(String value, int minimum) {
        String digits = value.strip();
        return WHOLE_NUMBER.matcher(digits).matches() && Integer.parseInt(digits) >= minimum;
    }

    private static boolean breaksLine(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0;
    }
}
