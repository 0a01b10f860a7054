package io.workflowdb.operator.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.sql.DatabasePools;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An external database may point at a server that accepts TCP connections and never answers. Its
 * sample must hold neither the scheduler's tick nor the sample of any other database.
 */
class HealthSamplingStallTest {

    private final DatabasePools pools = new DatabasePools();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket silent;

    @AfterEach
    void close() throws IOException {
        pools.keys().forEach(pools::close);
        for (Socket socket : held) {
            socket.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    @Test
    void aServerThatNeverAnswersDelaysNeitherTheTickNorAnotherDatabase() throws IOException {
        TestPostgres.server();
        silent = silentServer();
        WorkflowDatabase stalled = database("stalled");
        WorkflowDatabase healthy = database("healthy");
        HealthMonitor monitor = monitor(db -> db == stalled ? settings("127.0.0.1:" + silent.getLocalPort())
                : settings("127.0.0.1:" + TestPostgres.port()));
        monitor.track(stalled);
        monitor.track(healthy);

        long started = System.nanoTime();
        monitor.sampleDue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the tick only hands the samples out")
                .isLessThan(Duration.ofSeconds(1));

        // the silent server holds its sample at least until the driver's login timeout (5 s)
        await().atMost(Duration.ofSeconds(4)).until(() -> published(monitor, healthy).isPresent());
        assertThat(published(monitor, stalled)).isEmpty();
        assertThat(held).as("the stalled database was tried").isNotEmpty();
        monitor.stopSampling();
    }

    /** The health the monitor would write into status now, if any. */
    private static java.util.Optional<io.workflowdb.operator.api.v1alpha1.HealthStatus> published(HealthMonitor monitor,
            WorkflowDatabase database) {
        var status = new io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus();
        monitor.publishTo(database, status, new io.workflowdb.operator.status.StatusAggregator(database, Clock.systemUTC()));
        return java.util.Optional.ofNullable(status.health);
    }

    private interface SettingsOf {
        ConnectionSettings of(WorkflowDatabase db);
    }

    private HealthMonitor monitor(SettingsOf settings) {
        HealthMonitor monitor = new HealthMonitor();
        monitor.databases = db -> pools.get(db.getMetadata().getName(), settings.of(db));
        monitor.events = new ResourceEvents() {
            @Override
            public void normal(HasMetadata resource, String reason, String message) {
            }

            @Override
            public void warning(HasMetadata resource, String reason, String message) {
            }
        };
        monitor.metrics = new HealthMetrics();
        monitor.metrics.registry = new SimpleMeterRegistry();
        monitor.clock = Clock.systemUTC();
        monitor.statusRefresh = Duration.ofMinutes(5);
        return monitor;
    }

    /** Accepts every connection and never writes a byte. */
    private ServerSocket silentServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static ConnectionSettings settings(String host) {
        return new ConnectionSettings(List.of(host), TestPostgres.APP_DATABASE, "disable", TestPostgres.APP_USER,
                TestPostgres.APP_PASSWORD);
    }

    private static WorkflowDatabase database(String name) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("apps").withGeneration(1L).build());
        db.setSpec(new WorkflowDatabaseSpec());
        db.setStatus(new WorkflowDatabaseStatus());
        return db;
    }
}
