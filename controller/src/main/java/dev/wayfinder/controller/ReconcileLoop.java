package dev.wayfinder.controller;

import dev.wayfinder.server.logging.RepeatedWarning;
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
 * exits on an error. A failure that repeats is logged once, then with a count at most once a minute
 * ({@link RepeatedWarning}); the first pass that succeeds again says how long the failures lasted.
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
    private final RepeatedWarning repeated = new RepeatedWarning(Duration.ofMinutes(1));
    private int failures;
    private String lastFailure;
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
            if (failures > 0) {
                long now = System.nanoTime();
                LOG.info("Reconcile succeeded again after {} failed pass(es) in {} s", failures, repeated.episode(now).toSeconds());
                repeated.ended(now).ifPresent(summary -> LOG.warn("Reconcile failed: {}{}", lastFailure, summary));
                lastFailure = null;
            }
            failures = 0;
        } catch (Exception e) {
            failures++;
            Duration wait = backoff(failures, minBackoff, maxBackoff);
            logFailure(e);
            retry = executor.schedule(this::trigger, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The first of a run of identical failures is logged, the rest counted; a different failure is logged at once. */
    private void logFailure(Exception e) {
        long now = System.nanoTime();
        String what = e.toString();
        if (lastFailure != null && !lastFailure.equals(what)) {
            repeated.ended(now).ifPresent(summary -> LOG.warn("Reconcile failed: {}{}", lastFailure, summary));
        }
        lastFailure = what;
        repeated.occurred("Reconcile failed (retrying with backoff up to " + maxBackoff.toSeconds() + " s): " + what, now)
                .ifPresent(line -> {
                    if (e instanceof RuntimeException) {
                        LOG.warn(line, e); // a bug rather than an outage: keep the stack trace
                    } else {
                        LOG.warn(line);
                    }
                });
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
