package io.workflowdb.operator.tls;

import java.util.Objects;

/**
 * The TLS a managed cluster serves, as its renderers need it: whether PostgreSQL, PgBouncer and
 * Patroni's REST API speak TLS, whether plain client connections are still accepted, and whether the
 * superuser may log in with its password over the network. The files sit where every pod mounts the
 * cluster's TLS Secret.
 *
 * @param mode            what clients are held to
 * @param superuserAccess {@code postgres} may log in with its password over TCP (always so without TLS)
 */
public record ServedTls(Mode mode, boolean superuserAccess) {

    /** Where the members and the pooler mount the TLS Secret, and its keys. */
    public static final String DIRECTORY = "/etc/workflowdb/tls";
    public static final String CA_FILE = "ca.crt";
    public static final String CERT_FILE = "tls.crt";
    public static final String KEY_FILE = "tls.key";

    /** What a cluster created now runs with when its spec says nothing. */
    public static final ServedTls DEFAULT = new ServedTls(Mode.VERIFY_FULL, false);

    public enum Mode {
        /** TLS required; clients are told to verify certificate and host name. */
        VERIFY_FULL("verify-full", "verify-full"),
        /** TLS required; clients are told to encrypt without verifying. */
        REQUIRE("require", "require"),
        /** TLS offered; plain connections of the application's roles accepted. */
        ALLOW("allow", "prefer"),
        /** No TLS: a cluster created before the operator served TLS, until its spec asks for it. */
        OFF("off", null);

        private final String value;
        private final String clientSslMode;

        Mode(String value, String clientSslMode) {
            this.value = value;
            this.clientSslMode = clientSslMode;
        }

        /** The mode written so; names every accepted value when there is none. */
        public static Mode of(String value) {
            for (Mode mode : values()) {
                if (mode.value.equals(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("TLS mode \"" + value + "\" is none of verify-full, require, allow, off");
        }

        /** As written in the spec and the status. */
        public String value() {
            return value;
        }

        /** The libpq/PgJDBC sslmode the app Secret gives clients; null without TLS. */
        public String clientSslMode() {
            return clientSslMode;
        }
    }

    public ServedTls {
        Objects.requireNonNull(mode, "mode");
        // without TLS the operator has no certificate to log in with
        superuserAccess = superuserAccess || mode == Mode.OFF;
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    /** Whether every TCP connection must use TLS ({@code hostssl} rules only). */
    public boolean clientsMustEncrypt() {
        return mode == Mode.VERIFY_FULL || mode == Mode.REQUIRE;
    }

    public static String file(String name) {
        return DIRECTORY + "/" + name;
    }
}
