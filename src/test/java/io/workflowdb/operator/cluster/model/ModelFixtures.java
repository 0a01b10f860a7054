package io.workflowdb.operator.cluster.model;

import java.io.File;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.api.v1alpha1.EtcdSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.access.Credentials;

/** The example WorkflowDatabase and its rendering, as the tests of the rendered objects start from them. */
final class ModelFixtures {

    private ModelFixtures() {
    }

    /** examples/workflowdatabase.yaml, with a {@code spec.patroni} to edit. */
    static WorkflowDatabase example() throws Exception {
        WorkflowDatabase db = new ObjectMapper(new YAMLFactory()).readValue(new File("examples/workflowdatabase.yaml"),
                WorkflowDatabase.class);
        if (db.getSpec().patroni == null) {
            db.getSpec().patroni = new PatroniSpec();
        }
        return db;
    }

    /** Every object of {@code db}, with fresh passwords and the default settings. */
    static DesiredCluster desired(WorkflowDatabase db) {
        return DesiredCluster.of(db, Credentials.completing(Map.of()), ClusterSettings.defaults());
    }

    /** Switches {@code db} to the etcd DCS with one etcd host; returns it. */
    static WorkflowDatabase withEtcd(WorkflowDatabase db) {
        db.getSpec().patroni.dcs = PatroniSpec.Dcs.ETCD;
        db.getSpec().patroni.etcd = new EtcdSpec();
        db.getSpec().patroni.etcd.hosts = List.of("etcd-0.etcd:2379");
        return db;
    }
}
