package io.workflowdb.operator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.TestPostgres;

class AdvisoryLockTest {

    private final DataSource db = TestPostgres.superuser("postgres");

    @Test
    void secondSessionCannotTakeAHeldLockUntilItIsReleased() throws Exception {
        try (Connection first = db.getConnection(); Connection second = db.getConnection()) {
            Optional<AdvisoryLock> held = AdvisoryLock.tryAcquire(first, "public.tasks");
            assertThat(held).isPresent();
            assertThat(AdvisoryLock.tryAcquire(second, "public.tasks")).isEmpty();
            assertThat(AdvisoryLock.tryAcquire(second, "public.workflow_events")).as("other objects are independent")
                    .isPresent().get().satisfies(l -> l.close());
            held.get().close();
            Optional<AdvisoryLock> afterRelease = AdvisoryLock.tryAcquire(second, "public.tasks");
            assertThat(afterRelease).isPresent();
            afterRelease.get().close();
        }
    }

    @Test
    void lockEndsWithTheSessionThatHeldIt() throws Exception {
        try (Connection survivor = db.getConnection()) {
            try (Connection dying = db.getConnection()) {
                assertThat(AdvisoryLock.tryAcquire(dying, "public.partitions")).isPresent();
            }
            // The server ends the backend (and drops its locks) shortly after the client hangs up,
            // not synchronously with close(); the next run must get the lock once it has.
            AtomicReference<AdvisoryLock> lock = new AtomicReference<>();
            await("a crashed holder never blocks the next run").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        AdvisoryLock.tryAcquire(survivor, "public.partitions").ifPresent(lock::set);
                        return lock.get() != null;
                    });
            lock.get().close();
        }
    }
}
