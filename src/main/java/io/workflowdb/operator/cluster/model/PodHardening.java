package io.workflowdb.operator.cluster.model;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.workflowdb.operator.api.v1alpha1.ResourcesSpec;

/**
 * What every container the operator runs satisfies, so that a namespace enforcing the "restricted"
 * Pod Security Standard admits it: no privilege escalation, every capability dropped, not root, the
 * runtime's default seccomp profile, and a read-only root filesystem (the processes write only to
 * their volumes and emptyDirs). Resource defaults apply when the spec names none.
 */
final class PodHardening {

    static final String RUNTIME_DEFAULT = "RuntimeDefault";

    static final Map<String, Quantity> DATABASE_REQUESTS = Map.of("cpu", new Quantity("250m"), "memory",
            new Quantity("512Mi"));
    static final Map<String, Quantity> DATABASE_LIMITS = Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi"));
    static final Map<String, Quantity> POOLER_REQUESTS = Map.of("cpu", new Quantity("50m"), "memory",
            new Quantity("32Mi"));
    static final Map<String, Quantity> POOLER_LIMITS = Map.of("cpu", new Quantity("500m"), "memory",
            new Quantity("128Mi"));

    private PodHardening() {
    }

    static SecurityContext container() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withPrivileged(false)
                .withRunAsNonRoot(true).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withSeccompProfile(new SeccompProfileBuilder().withType(RUNTIME_DEFAULT).build()).build();
    }

    /**
     * The spec's requests and limits; the defaults only when the spec gives neither (a default
     * limit below a request the user chose would make the pod invalid).
     */
    static ResourceRequirements resources(ResourcesSpec spec, Map<String, Quantity> requests,
            Map<String, Quantity> limits) {
        boolean none = spec == null || (isEmpty(spec.requests) && isEmpty(spec.limits));
        if (none) {
            return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
        }
        return new ResourceRequirementsBuilder().withRequests(spec.requests).withLimits(spec.limits).build();
    }

    private static boolean isEmpty(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }
}
