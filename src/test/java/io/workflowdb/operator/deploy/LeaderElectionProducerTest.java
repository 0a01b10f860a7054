package io.workflowdb.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

class LeaderElectionProducerTest {

    @Test
    void enabledNamesTheLeaseAndLeavesItsNamespaceToTheClient() {
        LeaderElectionConfiguration config = LeaderElectionProducer.configuration(true, "wf-operator", Optional.empty());
        assertThat(config.getLeaseName()).isEqualTo("wf-operator");
        assertThat(config.getLeaseNamespace()).as("the client's namespace: the pod's own").isEmpty();
        assertThat(config.isExitOnStopLeading()).as("the SDK's exit blocks a graceful stop").isFalse();
        assertThat(config.getLeaderCallbacks()).as("our own exit when the Lease is lost").isPresent();
        assertThat(config.getLeaseDuration()).isEqualTo(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE);
    }

    @Test
    void anExplicitNamespaceIsUsedAndABlankOneIgnored() {
        assertThat(LeaderElectionProducer.configuration(true, "l", Optional.of(" ops ")).getLeaseNamespace()).contains("ops");
        assertThat(LeaderElectionProducer.configuration(true, "l", Optional.of("  ")).getLeaseNamespace()).isEmpty();
    }

    @Test
    void disabledProducesNoConfigurationSoTheSdkElectsNoLeader() {
        assertThat(LeaderElectionProducer.configuration(false, "ignored", Optional.empty())).isNull();
    }

    @Test
    void aBlankLeaseNameIsRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> LeaderElectionProducer.configuration(true, " ", Optional.empty()))
                .hasMessageContaining(LeaderElectionProducer.LEASE_NAME);
    }
}
