package dev.wayfinder.controller;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciles on one thread. {@link #trigger()} coalesces: however many events arrive while a
 * pass is pending, one pass runs, a short settle delay after the first. A periodic resync runs
 * anyway to catch drift. A failed pass is retried with capped exponential backoff; the loop never
 * exits on an error.
 */
public final class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    /** One pass; throws to ask for a retry. */
    @FunctionalInterface
    public interface Pass {
        void run() throws Exception;
    }

    private final Pass pass;
    private final Duration interval;
    private final Duration settle;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private int failures;
    private ScheduledFuture<?> retry;

    public ReconcileLoop(Pass pass, Duration interval, Duration settle, Duration minBackoff, Duration maxBackoff) {
        this.pass = pass;
        this.interval = interval;
        this.settle = settle;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reconcile");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic resync (the first pass runs at once). */
    public void start() {
        executor.scheduleWithFixedDelay(this::trigger, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon; calls while one is pending fold into it. */
    public void trigger() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.schedule(this::runPending, settle.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // Closed: an informer event that raced the shutdown has nothing left to trigger.
            }
        }
    }

    private void runPending() {
        pending.set(false);
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        try {
            pass.run();
            failures = 0;
        } catch (Exception e) {
            failures++;
            Duration wait = backoff(failures, minBackoff, maxBackoff);
            if (e instanceof RuntimeException) {
                // A bug rather than an outage: keep the stack trace.
                LOG.warn("Reconcile failed ({} in a row), retrying in {} ms", failures, wait.toMillis(), e);
            } else {
                LOG.warn("Reconcile failed ({} in a row), retrying in {} ms: {}", failures, wait.toMillis(), e.toString());
            }
            retry = executor.schedule(this::trigger, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Pure: the wait before retry number {@code failures} (1-based): doubling from {@code min}, capped at {@code max}. */
    static Duration backoff(int failures, Duration min, Duration max) {
        int shift = Math.min(failures - 1, 30);
        long millis = min.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
