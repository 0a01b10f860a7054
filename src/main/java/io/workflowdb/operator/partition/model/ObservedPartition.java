package io.workflowdb.operator.partition.model;

import java.time.Instant;

/**
 * A partition as the catalog shows it, recognised by its bounds, never by its name.
 *
 * @param from lower bound of a range partition, null otherwise (or MINVALUE)
 * @param to upper bound of a range partition, null otherwise (or MAXVALUE)
 * @param modulus with {@code remainder}: the bounds of a hash partition, null otherwise
 * @param isDefault the DEFAULT partition
 * @param detachPending a {@code DETACH ... CONCURRENTLY} was interrupted and waits for FINALIZE
 * @param bound the bound as PostgreSQL prints it ({@code pg_get_expr(relpartbound, oid)}), for messages
 */
public record ObservedPartition(String name, Instant from, Instant to, Integer modulus, Integer remainder,
        boolean isDefault, boolean detachPending, String bound) {
}
