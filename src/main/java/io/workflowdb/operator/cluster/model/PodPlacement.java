package io.workflowdb.operator.cluster.model;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;

/** Spreads the pods of one component over nodes where it can, so one node loss takes one member. */
final class PodPlacement {

    static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

    private PodPlacement() {
    }

    static Affinity spreadAcrossNodes(Map<String, String> selector) {
        return new AffinityBuilder().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100).withNewPodAffinityTerm().withTopologyKey(HOSTNAME_TOPOLOGY).withNewLabelSelector()
                .withMatchLabels(selector).endLabelSelector().endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build();
    }
}
