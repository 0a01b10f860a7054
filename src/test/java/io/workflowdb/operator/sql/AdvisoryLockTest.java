package io.workflowdb.operator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Optional;

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
            Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(survivor, "public.partitions");
            assertThat(lock).as("a crashed holder never blocks the next run").isPresent();
            lock.get().close();
        }
    }
}
