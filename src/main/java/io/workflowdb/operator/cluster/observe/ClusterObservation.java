package io.workflowdb.operator.cluster.observe;

/**
 * Everything one reconcile observed of a managed cluster.
 *
 * @param patroni what the members' REST API said
 * @param setupError why roles, database or the pooler's lookup function could not be set up, or null
 * @param poolerReady ready PgBouncer pods, or null when the pooler is disabled
 */
public record ClusterObservation(PatroniObservation patroni, String setupError, Integer poolerReady) {
}
