package io.workflowdb.operator.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the operator's Patroni REST calls at one {@link PatroniStandIn} for a {@code @QuarkusTest}. */
public class PatroniStandInResource implements QuarkusTestResourceLifecycleManager {

    private static PatroniStandIn standIn;

    public static synchronized PatroniStandIn standIn() {
        if (standIn == null) {
            standIn = new PatroniStandIn();
        }
        return standIn;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("workflowdb.cluster.patroni-api-url", standIn().url());
    }

    @Override
    public void stop() {
        // closed with the JVM; other test classes of the same run may still use it
    }
}
