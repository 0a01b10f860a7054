package io.workflowdb.operator.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the shared embedded PostgreSQL before a {@code @QuarkusTest} boots the operator. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("embedded-postgres.port", String.valueOf(TestPostgres.port()));
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; a shutdown hook stops it
    }
}
