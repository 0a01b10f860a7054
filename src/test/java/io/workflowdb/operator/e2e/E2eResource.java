package io.workflowdb.operator.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.api.v1alpha1.EtcdSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.WorkflowDatabaseRules;
import io.workflowdb.operator.validation.Violation;

/**
 * The WorkflowDatabase the end-to-end tier runs: {@code examples/workflowdatabase.yaml} with what a
 * user would change for this cluster, all through the spec: etcd as the DCS, the fast failover
 * profile (ttl 10 s, loop_wait 2 s, retry_timeout 4 s), synchronous replication on, and the
 * PostgreSQL major version of the installed server binaries.
 */
final class E2eResource {

    static final Path EXAMPLE = Path.of("examples/workflowdatabase.yaml");
    static final int TTL = 10;
    static final int LOOP_WAIT = 2;
    static final int RETRY_TIMEOUT = 4;

    private E2eResource() {
    }

    /** {@code examples/workflowdatabase.yaml} as it is. */
    static WorkflowDatabase example() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readValue(EXAMPLE.toFile(), WorkflowDatabase.class);
    }

    static WorkflowDatabase workflowDatabase(String etcdEndpoint, int postgresMajor) throws IOException {
        WorkflowDatabase db = example();
        PatroniSpec patroni = db.getSpec().patroni == null ? new PatroniSpec() : db.getSpec().patroni;
        patroni.dcs = PatroniSpec.Dcs.ETCD;
        patroni.etcd = new EtcdSpec();
        patroni.etcd.hosts = List.of(etcdEndpoint);
        patroni.ttl = TTL;
        patroni.loopWait = LOOP_WAIT;
        patroni.retryTimeout = RETRY_TIMEOUT;
        patroni.synchronousMode = PatroniSpec.SynchronousMode.ON;
        db.getSpec().patroni = patroni;
        db.getSpec().postgresVersion = postgresMajor;
        List<Violation> problems = WorkflowDatabaseRules.check(db);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the operator refuses the end-to-end resource: " + problems);
        }
        return db;
    }
}
