package dev.wayfinder.gslb.peers;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * At most {@code permits} asynchronous tasks running at once; the rest wait in order. Keeps one
 * peer's questions for thousands of hosts from opening thousands of sockets at the same moment.
 */
final class AsyncLimit {

    private final int permits;
    private final Executor executor;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    /** {@code executor} starts the waiting tasks, so a chain of quick tasks never grows the stack. */
    AsyncLimit(int permits, Executor executor) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
        this.permits = permits;
        this.executor = executor;
    }

    /** Runs {@code task} when a permit is free; the result completes with the task's. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> f;
            try {
                f = task.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((v, e) -> {
                release();
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(v);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = running < permits;
            if (now) {
                running++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return out;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            try {
                executor.execute(next);
            } catch (RuntimeException e) {
                // Shut down: the waiting task is dropped, as is everything else.
            }
        }
    }
}
