package dev.wayfinder.demo.timeline;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Watches what several DNS servers answer for one name while steps happen: each server is asked
 * every {@code period} on its own thread (a server that is down costs its own timeout, not the
 * others' resolution), a line is printed on every change, and each step ends once every server
 * gave its expected answer or the step's time limit passed.
 */
public final class Timeline implements AutoCloseable {

    private final Map<String, InetSocketAddress> servers;
    private final Duration period;
    private final Duration queryTimeout;
    private final Consumer<String> out;
    private final ScheduledExecutorService pollers;
    private final int clusterWidth;

    /**
     * @param servers cluster name → its DNS server, in display order
     * @param out     receives the change lines; a no-op for benchmarks
     */
    public Timeline(Map<String, InetSocketAddress> servers, Duration period, Consumer<String> out) {
        this.servers = new LinkedHashMap<>(servers);
        this.period = period;
        this.queryTimeout = Duration.ofMillis(Math.max(100, Math.min(500, period.toMillis() * 3)));
        this.out = out;
        this.pollers = Executors.newScheduledThreadPool(servers.size(), r -> {
            Thread t = new Thread(r, "timeline-dig");
            t.setDaemon(true);
            return t;
        });
        this.clusterWidth = servers.keySet().stream().mapToInt(String::length).max().orElse(6);
    }

    /**
     * Runs {@code action} and watches until every cluster in {@code expected} answers as expected for {@code name}
     * (or {@code limit} passes). Times are from just before the action.
     */
    public StepResult step(String title, String name, Runnable action, Map<String, Answer> expected, Duration limit) {
        long t0 = System.nanoTime();
        Map<String, Answer> last = new ConcurrentHashMap<>();
        Map<String, Optional<Duration>> reached = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Duration>> done = new LinkedHashMap<>();
        Map<String, ScheduledFuture<?>> polls = new LinkedHashMap<>();
        List<Dig> digs = new ArrayList<>();
        AtomicBoolean active = new AtomicBoolean(true);
        for (Map.Entry<String, Answer> e : expected.entrySet()) {
            String cluster = e.getKey();
            InetSocketAddress server = servers.get(cluster);
            if (server == null) {
                throw new IllegalArgumentException("no DNS server for cluster " + cluster);
            }
            CompletableFuture<Duration> seen = new CompletableFuture<>();
            done.put(cluster, seen);
            Dig dig = new Dig(server, queryTimeout);
            digs.add(dig);
            polls.put(cluster, pollers.scheduleWithFixedDelay(() -> {
                Answer now = dig.a(name);
                if (!active.get()) {
                    return;
                }
                Duration at = Duration.ofNanos(System.nanoTime() - t0);
                Answer before = last.put(cluster, now);
                if (!now.equals(before)) {
                    out.accept(TimelineText.change(at, cluster, Optional.ofNullable(before), now, e.getValue(), clusterWidth));
                }
                if (now.equals(e.getValue())) {
                    seen.complete(at);
                }
            }, 0, period.toNanos(), TimeUnit.NANOSECONDS));
        }
        try {
            action.run();
            CompletableFuture<Void> all = CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new));
            long left = limit.toNanos() - (System.nanoTime() - t0);
            all.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Reported through the result: the clusters that never answered as expected.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            active.set(false);
            polls.values().forEach(p -> p.cancel(false));
            digs.forEach(Dig::close);
        }
        for (Map.Entry<String, CompletableFuture<Duration>> e : done.entrySet()) {
            reached.put(e.getKey(), Optional.ofNullable(e.getValue().getNow(null)));
            e.getValue().complete(null);
        }
        Map<String, Optional<Duration>> ordered = new LinkedHashMap<>();
        Map<String, Answer> lastOrdered = new LinkedHashMap<>();
        for (String cluster : expected.keySet()) {
            ordered.put(cluster, reached.get(cluster));
            lastOrdered.put(cluster, last.getOrDefault(cluster, Answer.NO_REPLY));
        }
        return new StepResult(title, name, expected, ordered, lastOrdered);
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }
}
