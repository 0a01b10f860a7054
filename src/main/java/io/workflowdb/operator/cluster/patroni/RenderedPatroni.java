package io.workflowdb.operator.cluster.patroni;

import java.util.Map;

/**
 * A rendered Patroni configuration.
 *
 * @param yaml                 the patroni.yml for the pods
 * @param dynamicConfiguration exactly {@code bootstrap.dcs}: what {@code PATCH /config} keeps true on a running cluster
 * @param restartChecksum      SHA-256 of everything but {@code bootstrap}; it changes only when the pods must restart
 */
public record RenderedPatroni(PatroniConfig config, String yaml, Map<String, Object> dynamicConfiguration,
        String restartChecksum) {
}
