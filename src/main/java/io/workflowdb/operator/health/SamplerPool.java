package io.workflowdb.operator.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of sampling threads shared by every database. A database whose previous sample
 * still runs is not queued again, so a stalled server holds at most one thread, and the queue holds
 * at most one sample per database.
 */
final class SamplerPool implements AutoCloseable {

    private final ExecutorService executor;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    SamplerPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "health-sampler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the sample of one database; false when its previous sample has not finished. */
    boolean submit(String key, Runnable sample) {
        if (!running.add(key)) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    sample.run();
                } finally {
                    running.remove(key);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            running.remove(key);
            return false;
        }
    }

    boolean isRunning(String key) {
        return running.contains(key);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
