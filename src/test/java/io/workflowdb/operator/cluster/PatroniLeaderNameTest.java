package io.workflowdb.operator.cluster;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader name from Patroni's /cluster becomes part of a URL only when it is one of this cluster's pods. */
class PatroniLeaderNameTest {

    private final WorkflowDatabase db = database("workflow-db");

    @Test
    void acceptsThePodsOfThisCluster() {
        assertThat(PatroniConfigWriter.isMemberName(db, "workflow-db-0")).isTrue();
        assertThat(PatroniConfigWriter.isMemberName(db, "workflow-db-12")).isTrue();
    }

    @Test
    void refusesNamesThatWouldSendThePasswordElsewhere() {
        for (String name : new String[] { "evil.example.com", "workflow-db-0.evil.example.com", "workflow-db-0:80",
                "workflow-db-0@evil", "workflow-db-0/../x", "workflow-db-0#", "workflow-db-0?x=1", "workflow-db-",
                "workflow-db", "workflow-db-extra-0", "other-db-0", "workflow-db--1", "workflow-db-0 ", "WORKFLOW-DB-0",
                "workflow-db-1234567890", "" }) {
            assertThat(PatroniConfigWriter.isMemberName(db, name)).as(name).isFalse();
        }
        assertThat(PatroniConfigWriter.isMemberName(db, null)).isFalse();
    }

    private static WorkflowDatabase database(String name) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("apps").build());
        db.setSpec(new WorkflowDatabaseSpec());
        return db;
    }
}
