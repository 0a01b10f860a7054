package io.workflowdb.operator.sql;

/**
 * Settings the operator sends in the start-up packet of its connections ({@code options}), where
 * they outrank anything a role or database sets with {@code ALTER ROLE/DATABASE … SET}: the owner of a
 * database can change its defaults, but not those of the operator's sessions.
 */
public final class SessionOptions {

    /** The schemas a privileged session resolves names in: the catalog, then its own temporary schema. */
    public static final String PINNED_SEARCH_PATH = "pg_catalog,pg_temp";

    /**
     * Every operator connection: {@code '…\'} stays a plain string even where the owner set
     * {@code standard_conforming_strings = off} on the database.
     */
    public static final String EVERY_CONNECTION = "-c standard_conforming_strings=on";

    /**
     * Superuser and set-up connections: in addition, no schema a tenant controls is searched, so no
     * function or operator the owner defines can stand in for a catalog one.
     */
    public static final String PRIVILEGED = EVERY_CONNECTION + " -c search_path=" + PINNED_SEARCH_PATH;

    private SessionOptions() {
    }
}
