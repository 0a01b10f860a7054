package io.workflowdb.operator.cluster.patroni;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EtcdKeySpaceTest {

    /** What operator versions before the namespaced key space rendered for dcs: etcd. */
    private static final String LEGACY_ETCD = """
            scope: workflow-db
            restapi:
              listen: 0.0.0.0:8008
            etcd3:
              hosts:
              - etcd-0.etcd:2379
            """;

    @Test
    void aNewClusterIsNamespaced() {
        assertThat(EtcdKeySpace.of(null, null)).isEqualTo(EtcdKeySpace.NAMESPACED);
    }

    @Test
    void aClusterRenderedWithEtcdAndNoNamespaceStaysLegacy() {
        assertThat(EtcdKeySpace.of(LEGACY_ETCD, null)).isEqualTo(EtcdKeySpace.LEGACY);
    }

    @Test
    void aFileWithKeysTheModelDoesNotKnowIsStillRecognised() {
        assertThat(EtcdKeySpace.of(LEGACY_ETCD + "ctl:\n  insecure: true\n", null)).isEqualTo(EtcdKeySpace.LEGACY);
    }

    @Test
    void aNamespacedClusterStaysNamespaced() {
        assertThat(EtcdKeySpace.of("namespace: /workflowdb/apps/\n" + LEGACY_ETCD, null))
                .isEqualTo(EtcdKeySpace.NAMESPACED);
    }

    @Test
    void aClusterMovingFromTheKubernetesDcsIsNamespaced() {
        assertThat(EtcdKeySpace.of("scope: workflow-db\nkubernetes:\n  namespace: apps\n", null))
                .isEqualTo(EtcdKeySpace.NAMESPACED);
    }

    @Test
    void theAnnotationMovesALegacyCluster() {
        assertThat(EtcdKeySpace.of(LEGACY_ETCD, "namespaced")).isEqualTo(EtcdKeySpace.NAMESPACED);
        assertThat(EtcdKeySpace.of(LEGACY_ETCD, "legacy")).isEqualTo(EtcdKeySpace.LEGACY);
    }

    @Test
    void theNamespacedRootIsDisjointFromPatronisDefault() {
        assertThat(EtcdKeySpace.NAMESPACED.patroniNamespace("service")).isEqualTo("/workflowdb/service/");
        assertThat(EtcdKeySpace.LEGACY.patroniNamespace("apps")).isNull();
    }
}
