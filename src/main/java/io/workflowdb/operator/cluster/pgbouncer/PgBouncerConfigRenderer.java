package io.workflowdb.operator.cluster.pgbouncer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.workflowdb.operator.api.v1alpha1.PgBouncerSpec;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.tls.ServedTls;
import io.workflowdb.operator.validation.Violation;

/**
 * Renders pgbouncer.ini from a {@link PgBouncerRenderInput}. Pure: the same input gives the same
 * bytes. Settings merge in three layers, later wins: the base defaults file, the user's values
 * (typed fields, then {@code spec.pgbouncer.parameters}), the values the operator forces. A user
 * value the operator owns, or one that could break the file, is refused, never dropped.
 */
public final class PgBouncerConfigRenderer {

    /** Suffix of the read-only alias, routed to the replicas. */
    public static final String READ_ONLY_SUFFIX = "_ro";

    /** PgBouncer's TLS settings, all owned by the operator: none without TLS, as before it existed. */
    static final List<String> TLS_SETTINGS = List.of("client_tls_sslmode", "client_tls_cert_file", "client_tls_key_file",
            "client_tls_ca_file", "server_tls_sslmode", "server_tls_ca_file", "server_tls_cert_file",
            "server_tls_key_file");

    /** Settings {@code spec.pgbouncer.parameters} must not name, each with who sets it instead. */
    public static final Map<String, String> OWNED_PARAMETERS = ownedParameters();

    private static final String OPERATOR = "the operator";
    private static final String PARAMETERS_FIELD = "spec.pgbouncer.parameters.";
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    /** PgBouncer 1.18 refuses longer database aliases, and reserves "pgbouncer" for its admin console. */
    private static final int MAX_ALIAS_LENGTH = 63;
    private static final String ADMIN_DATABASE = "pgbouncer";
    private static final String HEADER =
            "Rendered by workflowdb-operator from the WorkflowDatabase; edit the resource, not this file.";

    private PgBouncerConfigRenderer() {
    }

    /** @throws PgBouncerConfigException naming every field the renderer refuses */
    public static RenderedPgBouncer render(PgBouncerRenderInput input) {
        PgBouncerSpec spec = input.spec() == null ? new PgBouncerSpec() : input.spec();
        List<Violation> problems = problems(spec, input.database());
        if (!problems.isEmpty()) {
            throw new PgBouncerConfigException(problems);
        }
        SortedMap<String, String> settings = userSettings(spec);
        settings.putAll(forcedSettings(input));
        PgBouncerConfig config = new PgBouncerConfig(databases(input, readOnlyDatabase(spec)), settings);
        String ini = new IniWriter()
                .comment(HEADER)
                .section("databases", config.databaseSettings())
                .section("pgbouncer", config.pgbouncer())
                .render();
        return new RenderedPgBouncer(config, ini, sha256(ini));
    }

    /** {@link #problems(PgBouncerSpec)} plus what PgBouncer refuses in the database's name and its read-only alias. */
    public static List<Violation> problems(PgBouncerSpec spec, String database) {
        PgBouncerSpec effective = spec == null ? new PgBouncerSpec() : spec;
        List<Violation> problems = problems(effective);
        problems.addAll(databaseProblems(database, readOnlyDatabase(effective)));
        return problems;
    }

    /**
     * Every reason {@code spec.pgbouncer} cannot be rendered, at once: parameter names that are not
     * PgBouncer setting names or that the operator owns, values that could break the file, and pool
     * sizes that contradict each other once the defaults are filled in. Empty when it renders.
     */
    public static List<Violation> problems(PgBouncerSpec spec) {
        List<Violation> problems = new ArrayList<>();
        if (spec == null) {
            return problems;
        }
        if (spec.parameters != null) {
            spec.parameters.forEach((key, value) -> {
                String field = PARAMETERS_FIELD + key;
                if (key == null || !SETTING_NAME.matcher(key).matches()) {
                    problems.add(new Violation(field,
                            "\"" + key + "\" is not a PgBouncer setting name (lower-case letters, digits, '_')"));
                } else if (OWNED_PARAMETERS.containsKey(key)) {
                    problems.add(new Violation(field,
                            key + " is set by " + OWNED_PARAMETERS.get(key) + " and cannot be given here"));
                }
                IniWriter.problem(value).ifPresent(message -> problems.add(new Violation(field, message)));
            });
        }
        Map<String, String> sizes = new LinkedHashMap<>(PgBouncerDefaults.settings());
        sizes.putAll(typedSettings(spec));
        poolSizeProblems(sizes, problems);
        return problems;
    }

    private static void poolSizeProblems(Map<String, String> settings, List<Violation> problems) {
        int pool = Integer.parseInt(settings.get("default_pool_size"));
        int min = Integer.parseInt(settings.get("min_pool_size"));
        int clients = Integer.parseInt(settings.get("max_client_conn"));
        int perDatabase = Integer.parseInt(settings.get("max_db_connections"));
        if (min > pool) {
            problems.add(new Violation("spec.pgbouncer.minPoolSize",
                    "minPoolSize " + min + " exceeds defaultPoolSize " + pool));
        }
        if (pool > clients) {
            problems.add(new Violation("spec.pgbouncer.defaultPoolSize",
                    "defaultPoolSize " + pool + " exceeds maxClientConn " + clients));
        }
        if (perDatabase != 0 && pool > perDatabase) {
            problems.add(new Violation("spec.pgbouncer.defaultPoolSize",
                    "defaultPoolSize " + pool + " exceeds maxDbConnections " + perDatabase));
        }
    }

    private static List<Violation> databaseProblems(String database, boolean readOnly) {
        String field = "spec.database";
        if (!Identifiers.isPlain(database)) {
            return List.of(new Violation(field, "\"" + database + "\" is not a lower-case PostgreSQL identifier"));
        }
        if (ADMIN_DATABASE.equals(database)) {
            return List.of(new Violation(field, "pgbouncer is the name of PgBouncer's admin console"));
        }
        if (readOnly && (database + READ_ONLY_SUFFIX).length() > MAX_ALIAS_LENGTH) {
            return List.of(new Violation(field, "at most " + (MAX_ALIAS_LENGTH - READ_ONLY_SUFFIX.length())
                    + " characters while pgbouncer.readOnlyDatabase adds the alias " + database + READ_ONLY_SUFFIX));
        }
        return List.of();
    }

    /** Defaults, then typed fields, then parameters. */
    private static SortedMap<String, String> userSettings(PgBouncerSpec spec) {
        SortedMap<String, String> settings = new TreeMap<>(PgBouncerDefaults.settings());
        settings.putAll(typedSettings(spec));
        if (spec.parameters != null) {
            settings.putAll(spec.parameters);
        }
        return settings;
    }

    private static Map<String, String> typedSettings(PgBouncerSpec spec) {
        Map<String, String> typed = new LinkedHashMap<>();
        if (spec.poolMode != null) {
            typed.put("pool_mode", spec.poolMode.name().toLowerCase(Locale.ROOT));
        }
        putIfSet(typed, "max_client_conn", spec.maxClientConn);
        putIfSet(typed, "default_pool_size", spec.defaultPoolSize);
        putIfSet(typed, "min_pool_size", spec.minPoolSize);
        putIfSet(typed, "reserve_pool_size", spec.reservePoolSize);
        putIfSet(typed, "reserve_pool_timeout", spec.reservePoolTimeout);
        putIfSet(typed, "max_db_connections", spec.maxDbConnections);
        putIfSet(typed, "max_user_connections", spec.maxUserConnections);
        return typed;
    }

    private static void putIfSet(Map<String, String> settings, String key, Integer value) {
        if (value != null) {
            settings.put(key, value.toString());
        }
    }

    /** Every key here is also in {@link #OWNED_PARAMETERS}, so no user value is silently overwritten. */
    private static Map<String, String> forcedSettings(PgBouncerRenderInput input) {
        PgBouncerLayout layout = input.layout();
        Map<String, String> forced = new LinkedHashMap<>();
        forced.put("listen_addr", "*");
        forced.put("listen_port", Integer.toString(layout.listenPort()));
        forced.put("unix_socket_dir", layout.socketDirectory() == null ? "" : layout.socketDirectory());
        forced.put("auth_type", "scram-sha-256");
        forced.put("auth_file", layout.authFile());
        forced.put("auth_user", input.authUser());
        forced.put("auth_query", PoolerAuthSql.AUTH_QUERY);
        if (input.authDatabase() != null) {
            // the lookup function lives there, out of the application database its owner controls
            forced.put("auth_dbname", input.authDatabase());
        }
        // empty: log to stderr, which the container runtime collects; no pid file in a container
        forced.put("logfile", "");
        forced.put("pidfile", "");
        forced.putAll(tlsSettings(input));
        return forced;
    }

    /**
     * With TLS, clients get the cluster's server certificate (its names include the pooler Service)
     * and must use TLS unless the cluster allows plain clients; PgBouncer verifies each member's
     * certificate and the Service's name in it, for the lookup of passwords too.
     */
    private static Map<String, String> tlsSettings(PgBouncerRenderInput input) {
        ServedTls tls = input.tls();
        if (!tls.enabled()) {
            return Map.of();
        }
        String directory = input.layout().tlsDirectory() + "/";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("client_tls_sslmode", tls.clientsMustEncrypt() ? "require" : "allow");
        settings.put("client_tls_cert_file", directory + ServedTls.CERT_FILE);
        settings.put("client_tls_key_file", directory + ServedTls.KEY_FILE);
        settings.put("client_tls_ca_file", directory + ServedTls.CA_FILE);
        settings.put("server_tls_sslmode", "verify-full");
        settings.put("server_tls_ca_file", directory + ServedTls.CA_FILE);
        return settings;
    }

    private static Map<String, DatabaseEntry> databases(PgBouncerRenderInput input, boolean readOnly) {
        Map<String, DatabaseEntry> databases = new LinkedHashMap<>();
        databases.put(input.database(), new DatabaseEntry(input.primaryHost(), input.serverPort(), input.database()));
        if (readOnly) {
            databases.put(input.database() + READ_ONLY_SUFFIX,
                    new DatabaseEntry(input.replicasHost(), input.serverPort(), input.database()));
        }
        return databases;
    }

    private static boolean readOnlyDatabase(PgBouncerSpec spec) {
        return spec.readOnlyDatabase == null || spec.readOnlyDatabase;
    }

    private static Map<String, String> ownedParameters() {
        Map<String, String> owned = new LinkedHashMap<>();
        for (String key : List.of("listen_addr", "listen_port", "unix_socket_dir", "auth_type", "auth_file",
                "auth_user", "auth_query", "auth_hba_file", "auth_dbname", "logfile", "pidfile")) {
            owned.put(key, OPERATOR);
        }
        for (String key : TLS_SETTINGS) {
            owned.put(key, OPERATOR);
        }
        owned.put("pool_mode", "spec.pgbouncer.poolMode");
        owned.put("max_client_conn", "spec.pgbouncer.maxClientConn");
        owned.put("default_pool_size", "spec.pgbouncer.defaultPoolSize");
        owned.put("min_pool_size", "spec.pgbouncer.minPoolSize");
        owned.put("reserve_pool_size", "spec.pgbouncer.reservePoolSize");
        owned.put("reserve_pool_timeout", "spec.pgbouncer.reservePoolTimeout");
        owned.put("max_db_connections", "spec.pgbouncer.maxDbConnections");
        owned.put("max_user_connections", "spec.pgbouncer.maxUserConnections");
        return Collections.unmodifiableMap(owned);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
