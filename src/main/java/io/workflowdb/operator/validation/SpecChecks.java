package io.workflowdb.operator.validation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import io.workflowdb.operator.api.v1alpha1.Patterns;
import io.workflowdb.operator.schedule.Durations;
import io.workflowdb.operator.schedule.Schedule;

/**
 * Collects the violations of the rules a CRD schema cannot express (cron syntax, duration bounds,
 * time zones, SQL fragments). Each method ignores a null value: requiredness is the schema's job.
 */
public final class SpecChecks {

    private final List<Violation> violations = new ArrayList<>();

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public SpecChecks fail(String field, String message) {
        violations.add(new Violation(field, message));
        return this;
    }

    public SpecChecks cron(String field, String expression) {
        if (expression != null) {
            try {
                Schedule.parse(expression);
            } catch (IllegalArgumentException e) {
                fail(field, e.getMessage());
            }
        }
        return this;
    }

    public SpecChecks duration(String field, String text, Duration min, Duration max) {
        if (text == null) {
            return this;
        }
        try {
            Duration d = Durations.parse(text);
            if (min != null && d.compareTo(min) < 0) {
                fail(field, "\"" + text + "\" is shorter than the minimum " + Durations.format(min));
            } else if (max != null && d.compareTo(max) > 0) {
                fail(field, "\"" + text + "\" is longer than the maximum " + Durations.format(max));
            }
        } catch (IllegalArgumentException e) {
            fail(field, e.getMessage());
        }
        return this;
    }

    public SpecChecks timeZone(String field, String zone) {
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                fail(field, "\"" + zone + "\" is not a time zone; use an IANA name such as UTC or Europe/Berlin");
            }
        }
        return this;
    }

    public SpecChecks identifiers(String field, Collection<String> names) {
        return names(field, names, Patterns.IDENTIFIER, "a lower-case PostgreSQL identifier of at most 63 characters");
    }

    public SpecChecks qualifiedIdentifiers(String field, Collection<String> names) {
        return names(field, names, Patterns.QUALIFIED_IDENTIFIER, "a lower-case PostgreSQL identifier, optionally schema-qualified");
    }

    private SpecChecks names(String field, Collection<String> names, String pattern, String what) {
        if (names == null) {
            return this;
        }
        int i = 0;
        for (String name : names) {
            if (!CrdPatterns.matches(pattern, name)) {
                fail(field + "[" + i + "]", "\"" + name + "\" is not " + what);
            }
            i++;
        }
        return this;
    }

    /** Each entry an absolute http or https URL with a host, such as http://db1:8008. */
    public SpecChecks httpUrls(String field, Collection<String> urls) {
        if (urls == null) {
            return this;
        }
        int i = 0;
        for (String url : urls) {
            String f = field + "[" + i++ + "]";
            try {
                java.net.URI uri = new java.net.URI(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    fail(f, "\"" + url + "\" is not an http or https URL with a host");
                }
            } catch (java.net.URISyntaxException | NullPointerException e) {
                fail(f, "\"" + url + "\" is not a URL");
            }
        }
        return this;
    }

    public SpecChecks hostPorts(String field, Collection<String> hosts) {
        if (hosts == null) {
            return this;
        }
        int i = 0;
        for (String host : hosts) {
            String f = field + "[" + i++ + "]";
            if (!CrdPatterns.matches(Patterns.HOST_PORT, host)) {
                fail(f, "\"" + host + "\" is not host or host:port");
                continue;
            }
            int colon = host.lastIndexOf(':');
            if (colon > host.lastIndexOf(']')) {
                int port = Integer.parseInt(host.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    fail(f, "port " + port + " is outside 1..65535");
                }
            }
        }
        return this;
    }

    /**
     * A SQL fragment that will be placed inside a statement the operator builds (an index
     * predicate or expression): one expression, no statement separator, no comments, balanced.
     */
    public SpecChecks sqlExpression(String field, String sql) {
        if (sql == null) {
            return this;
        }
        SqlFragments.problem(sql).ifPresent(p -> fail(field, p));
        return this;
    }

    /** An index predicate: a SQL expression that must also be immutable. */
    public SpecChecks indexPredicate(String field, String sql) {
        if (sql == null) {
            return this;
        }
        sqlExpression(field, sql);
        SqlFragments.volatileFunction(sql).ifPresent(fn -> fail(field, "calls " + fn
                + "(), which is not immutable, so PostgreSQL refuses it in an index predicate; use rollingWindow for a moving time window"));
        return this;
    }

    /** A query that defines a view: one SELECT or WITH statement. */
    public SpecChecks query(String field, String sql) {
        if (sql == null) {
            return this;
        }
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        if (!(head.startsWith("select") || head.startsWith("with"))) {
            fail(field, "must be a SELECT or WITH query");
            return this;
        }
        return sqlExpression(field, sql);
    }
}
