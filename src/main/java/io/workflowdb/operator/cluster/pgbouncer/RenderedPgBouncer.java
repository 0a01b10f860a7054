package io.workflowdb.operator.cluster.pgbouncer;

/**
 * A rendered pgbouncer.ini: the merged model, its text, and the SHA-256 (hex) of that text, which
 * goes into a pod-template annotation so that a changed configuration rolls the pooler pods.
 */
public record RenderedPgBouncer(PgBouncerConfig config, String ini, String checksum) {
}
