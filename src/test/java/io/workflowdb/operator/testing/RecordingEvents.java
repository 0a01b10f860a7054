package io.workflowdb.operator.testing;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.workflowdb.operator.status.ResourceEvents;

/** Events a run would send, kept as their reasons in order instead of reaching an API server. */
public final class RecordingEvents extends ResourceEvents {

    private final List<String> reasons = new ArrayList<>();

    @Override
    public void normal(HasMetadata policy, String reason, String message) {
        reasons.add(reason);
    }

    @Override
    public void warning(HasMetadata policy, String reason, String message) {
        reasons.add(reason);
    }

    public List<String> reasons() {
        return reasons;
    }
}
