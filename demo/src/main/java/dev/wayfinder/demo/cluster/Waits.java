package dev.wayfinder.demo.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting for a condition of the running clusters, checked on a schedule (no sleeping in a loop). */
public final class Waits {

    private Waits() {
    }

    /** True once {@code condition} holds (checked every {@code period}), false if {@code limit} passes first. */
    public static boolean until(BooleanSupplier condition, Duration period, Duration limit) {
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wait-for-condition");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> met = new CompletableFuture<>();
        try {
            checker.scheduleWithFixedDelay(() -> {
                if (condition.getAsBoolean()) {
                    met.complete(null);
                }
            }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
            met.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            checker.shutdownNow();
        }
    }
}
