/**
 * Declared materialized views, kept as the spec says by {@link io.workflowdb.operator.schema.view.MaterializedViews}.
 *
 * <p>Ownership: every view the operator creates carries the comment {@code workflowdb:v1 def=<sha256>},
 * the hash of its normalized query and unique key. A view without that comment is never dropped,
 * replaced or refreshed; its status reports that it is not managed. A view with the comment that no
 * spec declares any more is dropped (without CASCADE, so a view that others depend on stays and
 * the drop is retried).
 *
 * <p>A changed definition is built under {@code <view>_next} while readers keep the old view, then
 * swapped in by one short transaction (drop the old view, rename the new view and its unique index),
 * so readers see the old or the new view and never a missing one. Grants on the old view are not
 * carried over. The swap needs ACCESS EXCLUSIVE on the old view: it waits at most 200 ms for it per
 * attempt, a few attempts, and otherwise fails for this pass; the next one swaps the built view in.
 *
 * <p>A refresh is due when the latest fire of {@code refresh.schedule} came after the latest refresh
 * (or the creation) began, as recorded in status: a restart neither skips nor repeats a refresh.
 */
package io.workflowdb.operator.schema.view;
