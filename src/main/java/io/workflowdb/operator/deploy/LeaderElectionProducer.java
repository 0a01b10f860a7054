package io.workflowdb.operator.deploy;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.workflowdb.operator.config.OperatorConfig;

/**
 * Leader election between operator replicas: only the replica holding the Lease reconciles, the
 * others wait and take over when it stops renewing. The operator SDK elects a leader when this
 * bean exists and the prod profile is active (dev mode and tests never elect). The Lease lives in
 * {@code workflowdb.leader-election.lease-namespace}, by default the namespace the Kubernetes
 * client is configured with, which in a pod is the operator's own; the operator needs get, create
 * and update on it.
 * <p>
 * A leader that loses the Lease stops the application with exit code 1, and Kubernetes restarts it
 * as a follower. The SDK's own exit on losing the Lease is switched off: in SDK 5.2 it calls
 * {@code System.exit} from the shutdown hook when the pod is stopped, which blocks until the kubelet
 * kills the process. A graceful stop therefore ends at once, and a follower takes over when the
 * Lease expires.
 */
@ApplicationScoped
public class LeaderElectionProducer {

    private static final Logger LOG = Logger.getLogger(LeaderElectionProducer.class);

    public static final String ENABLED = "workflowdb.leader-election.enabled";
    public static final String LEASE_NAME = "workflowdb.leader-election.lease-name";
    public static final String LEASE_NAMESPACE = "workflowdb.leader-election.lease-namespace";
    public static final String DEFAULT_LEASE_NAME = OperatorConfig.LeaderElection.DEFAULT_LEASE_NAME;

    // Dependent, so that it may be null: no bean value means no leader election.
    @Produces
    @Dependent
    @Unremovable
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        OperatorConfig.LeaderElection election = config.leaderElection();
        return configuration(election.enabled(), election.leaseName(), election.leaseNamespace());
    }

    /** The SDK's settings, or null when leader election is switched off. */
    static LeaderElectionConfiguration configuration(boolean enabled, String leaseName, Optional<String> leaseNamespace) {
        if (!enabled) {
            return null;
        }
        if (leaseName == null || leaseName.isBlank()) {
            throw new IllegalArgumentException(LEASE_NAME + " must name the Lease when " + ENABLED + " is true");
        }
        String name = leaseName.strip();
        return new LeaderElectionConfiguration(name,
                leaseNamespace.map(String::strip).filter(ns -> !ns.isEmpty()).orElse(null),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                null, // identity: the pod's host name
                new LeaderCallbacks(() -> {
                }, () -> leaseLost(name), leader -> {
                }),
                false);
    }

    /** Runs when this replica stops leading: on shutdown, and when another replica took the Lease. */
    static void leaseLost(String leaseName) {
        if (ApplicationLifecycleManager.isVmShuttingDown()) {
            return;
        }
        LOG.warnf("This replica no longer holds the Lease %s; stopping so that it restarts as a follower", leaseName);
        Quarkus.asyncExit(1);
    }
}
