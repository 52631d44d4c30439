package dev.wayfinder.controller;

import dev.wayfinder.server.logging.RepeatedWarning;
import dev.wayfinder.source.Drift;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind the watches ({@code --relist-interval}): every interval, every watched kind is
 * listed afresh and the caches replaced; when that shows the watches had missed something (a deletion
 * made while the API link was down), a pass follows at once, so the miss is corrected within one interval.
 * The first re-list comes one interval after the caches load; after a failed one (the API away), the
 * next comes within 10 s.
 */
final class Relister implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relister.class);

    /** Lists afresh within a time limit; says what the watches had missed. */
    @FunctionalInterface
    interface Lists {
        Drift relist(Duration limit) throws Exception;
    }

    private final Lists lists;
    private final Duration interval;
    private final ControllerMetrics metrics;
    private final Runnable trigger;
    private final ScheduledThreadPoolExecutor exec;
    private final RepeatedWarning failures = new RepeatedWarning(Duration.ofMinutes(10));

    Relister(Lists lists, Duration interval, ControllerMetrics metrics, Runnable trigger) {
        this.lists = lists;
        this.interval = interval;
        this.metrics = metrics;
        this.trigger = trigger;
        this.exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "relist");
            t.setDaemon(true);
            return t;
        });
        exec.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts re-listing every interval; a zero interval turns it off. */
    void start() {
        if (!interval.isZero()) {
            schedule(interval);
        }
    }

    private void schedule(Duration delay) {
        try {
            exec.schedule(() -> schedule(relist() ? interval : retry()), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.trace("closed; no more re-lists");
        }
    }

    /** After a failed re-list (the API away), the next try comes sooner: within 10 s of the API's return, or one interval. */
    private Duration retry() {
        return interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
    }

    /** One re-list; false when it failed. */
    private boolean relist() {
        // Fresh lists must load within the interval (at most a minute), or the caches in use stay until the next try.
        Duration limit = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
        long started = System.nanoTime();
        try {
            Drift drift = lists.relist(limit);
            metrics.relisted(drift);
            failures.ended(System.nanoTime()).ifPresent(s -> LOG.warn("Re-lists failed{}", s));
            long took = (System.nanoTime() - started) / 1_000_000;
            if (drift.total() > 0) {
                LOG.info("Re-listed the watched kinds in {} ms: the watches had missed {}; reconciling", took, drift);
                trigger.run();
            } else {
                LOG.debug("Re-listed the watched kinds in {} ms: nothing missed", took);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            metrics.relistFailed();
            failures.occurred("Could not re-list the watched kinds (the caches in use stay; trying again in " + retry().toSeconds() + " s): "
                    + e, System.nanoTime()).ifPresent(LOG::warn);
            return false;
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
