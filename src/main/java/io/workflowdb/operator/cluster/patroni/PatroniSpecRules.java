package io.workflowdb.operator.cluster.patroni;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            } else if (PatroniConfigRenderer.BLOCKED_PARAMETERS.contains(key)) {
                problems.add(new Violation(field, key + " is set by the operator and cannot be overridden"));
            } else if ("wal_level".equals(key) && value != null && "minimal".equals(value.strip().toLowerCase(Locale.ROOT))) {
                problems.add(new Violation(field, "wal_level minimal disables replication; use replica or logical"));
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
            }
        }
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
