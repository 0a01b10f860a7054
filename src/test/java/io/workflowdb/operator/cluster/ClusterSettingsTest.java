package io.workflowdb.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void theDefaultApiUrlIsThePodsClusterDnsName() {
        assertThat(ClusterSettings.defaults().patroniApiUrl("workflow-db-1", "workflow-db", "apps"))
                .isEqualTo("http://workflow-db-1.workflow-db.apps.svc:8008");
    }

    @Test
    void theOrdinalPlacesMembersOutsideClusterDns() {
        ClusterSettings settings = new ClusterSettings("p", "b", "primary", 101, 103, "http://127.0.1.1{ordinal}:8008",
                "127.0.0.1:6432", "workflowdb-system");
        assertThat(settings.patroniApiUrl("workflow-db-0", "workflow-db", "apps")).isEqualTo("http://127.0.1.10:8008");
        assertThat(settings.patroniApiUrl("my-db-12", "my-db", "apps")).isEqualTo("http://127.0.1.112:8008");
        assertThat(settings.databaseAddress("workflow-db-primary", "apps")).isEqualTo("127.0.0.1:6432");
    }
}
