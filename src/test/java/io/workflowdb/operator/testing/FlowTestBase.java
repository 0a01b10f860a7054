package io.workflowdb.operator.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * What every operator flow test stands on: the operator against the fabric8 mock API server (CRUD
 * mode), the embedded PostgreSQL and the Patroni stand-in; the client and the metrics endpoint; one
 * namespace per test class, a database of the embedded server made before its first test (when it
 * names one), and the waits and reads the flows share. A subclass is annotated {@code @QuarkusTest}
 * itself: Quarkus makes only classes so annotated test beans, the annotation is not inherited.
 */
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(PatroniStandInResource.class)
public abstract class FlowTestBase {

    private static final Set<String> CREATED_DATABASES = ConcurrentHashMap.newKeySet();

    @Inject
    protected KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    protected URI metrics;

    /** The namespace the test's resources live in. */
    protected final String namespace;

    /** A database of the embedded server the test class uses throughout, or null. */
    protected final String database;

    /** How long a wait of this test may take. */
    protected final Duration timeout;

    /** What a flow test class runs in, read by {@link #FlowTestBase()}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Flow {
        /** The namespace the test's resources live in. */
        String namespace();

        /** A database of the embedded server the class uses throughout; empty for none. */
        String database() default "";

        /** The name of its waits' timeout in {@link Timeouts}. */
        String timeout() default "policy-run";
    }

    /** A test class annotated {@link Flow}. */
    protected FlowTestBase() {
        Flow flow = getClass().getAnnotation(Flow.class);
        if (flow == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs @FlowTestBase.Flow or the other constructor");
        }
        this.namespace = flow.namespace();
        this.database = flow.database().isEmpty() ? null : flow.database();
        this.timeout = Timeouts.named(flow.timeout());
    }

    protected FlowTestBase(String namespace, String database, Duration timeout) {
        this.namespace = namespace;
        this.database = database;
        this.timeout = timeout;
    }

    @BeforeEach
    void createDatabaseOnce() throws Exception {
        if (database != null && CREATED_DATABASES.add(database)) {
            FlowDatabases.createDatabase(database);
        }
    }

    /** The resource as the API server has it now, or null. */
    protected <T extends HasMetadata> T resource(Class<T> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    /** The messages of the Events in the namespace with this reason. */
    protected List<String> eventMessages(String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).map(Event::getMessage).toList();
    }

    /** Waits until the resource has a condition of {@code conditionType} that passes {@code test}. */
    protected <T extends CustomResource<?, ? extends BaseStatus>> Condition awaitCondition(Class<T> type, String name,
            String conditionType, Predicate<Condition> test) {
        return await().atMost(timeout).until(() -> {
            T r = resource(type, name);
            return r == null ? null : StatusAggregator.find(r.getStatus(), conditionType);
        }, c -> c != null && test.test(c));
    }

    /** The first column of the first row of a query on {@link #database}, as the superuser. */
    protected long count(String sql) {
        return Sql.count(TestPostgres.superuser(database), sql);
    }
}
