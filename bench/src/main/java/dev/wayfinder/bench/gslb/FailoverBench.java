package dev.wayfinder.bench.gslb;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.ClusterSpec;
import dev.wayfinder.demo.cluster.Progress;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.StepResult;
import dev.wayfinder.demo.timeline.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The failover timeline, measured: two simulated clusters (the demo's: CRUD mock API, a real etcd
 * each, the controller, {@code wayfinder dns} or stock CoreDNS) with the controller's default GSLB settings
 * (peers polled every 5 s), once with the cross-cluster push (NOTIFY) on and once without it. Each run takes
 * the primary's (us-buf) only endpoint not ready and measures how long until each cluster's DNS answers the
 * secondary's target, then brings it back and measures the failback. Each change starts at a random point
 * (seeded) of the 5 s poll cycle, as a real outage does. The baseline, in the same run, is the pipeline floor:
 * an annotated Service's load-balancer IP change until us-buf's DNS answers the new address.
 *
 * <p>Times are from the Kubernetes API write until a UDP query answers; DNS is polled every 10 ms.
 * Run through {@code bench/failover.sh [runs] [wayfinder|coredns] [both|push|poll]}; prints Markdown rows for
 * BENCHMARKS.md.
 */
public final class FailoverBench {

    static final Duration POLL = Duration.ofMillis(10);
    static final Duration STEP_LIMIT = Duration.ofSeconds(30);
    /** Seeds the random start offsets, so a run can be repeated. */
    static final long SEED = 20261122L;

    /** With the push on (NOTIFY beside polling) or polling alone. */
    enum Mode {
        PUSH, POLL;

        String label() {
            return this == PUSH ? "push (NOTIFY) + poll every 5 s" : "poll every 5 s, no push";
        }
    }

    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (SimulatedCluster.Store.available() != SimulatedCluster.Store.ETCD) {
            System.err.println("failover bench: needs the etcd binary (Debian package etcd-server)");
            System.exit(2);
        }
        ClusterDns dns = dns(args.length > 1 ? args[1] : "wayfinder");
        List<Mode> modes = modes(args.length > 2 ? args[2] : "both");
        System.out.printf("failover bench: %d runs per mode, DNS: %s; load average at the start: %s; %d cores%n", runs, dns.label(),
                loadAverage(), Runtime.getRuntime().availableProcessors());
        Map<String, List<Duration>> samples = new LinkedHashMap<>();
        for (Mode mode : modes) {
            measure(mode, dns, runs, samples);
        }
        System.out.printf("%nload average at the end: %s (%d cores)%n", loadAverage(), Runtime.getRuntime().availableProcessors());
        System.out.println("| what | runs | p50 | p95 | p99 | max |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        samples.forEach((what, list) -> {
            List<Duration> sorted = new ArrayList<>(list);
            Collections.sort(sorted);
            System.out.printf("| %s | %d | %s | %s | %s | %s |%n", what, sorted.size(), s(pct(sorted, 50)), s(pct(sorted, 95)),
                    s(pct(sorted, 99)), s(sorted.get(sorted.size() - 1)));
        });
        System.exit(0);
    }

    private static ClusterDns dns(String arg) {
        return switch (arg) {
            case "wayfinder" -> ClusterDns.wayfinder();
            case "coredns" -> ClusterDns.coredns(CoreDnsBinary.find().orElseThrow(() -> new IllegalStateException(CoreDnsBinary.whyMissing())));
            default -> usage("the second argument is coredns or wayfinder (the DNS server), not " + arg);
        };
    }

    private static List<Mode> modes(String arg) {
        return switch (arg) {
            case "both" -> List.of(Mode.PUSH, Mode.POLL);
            case "push" -> List.of(Mode.PUSH);
            case "poll" -> List.of(Mode.POLL);
            default -> usage("the third argument is both, push or poll, not " + arg);
        };
    }

    private static <T> T usage(String message) {
        System.err.println("failover bench: " + message);
        System.exit(2);
        throw new IllegalStateException(message);
    }

    /** One pair of clusters in {@code mode}: the baseline, then {@code runs} failovers and failbacks. */
    private static void measure(Mode mode, ClusterDns dns, int runs, Map<String, List<Duration>> samples) throws Exception {
        ClusterSpec.Timings timings = ClusterSpec.Timings.DEFAULTS;
        long t0 = System.nanoTime();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (ClusterPair pair = ClusterPair.start(timings, SimulatedCluster.Store.ETCD, dns, mode == Mode.PUSH, Progress.SILENT);
             Timeline timeline = new Timeline(pair.dnsServers(), POLL, line -> { })) {
            System.out.printf("%n%s: two clusters started in %.1f s (GSLB poll %s, peer timeout %s, grace %s)%n", mode.label(),
                    (System.nanoTime() - t0) / 1e9, s(timings.pollInterval()), s(timings.peerTimeout()), s(timings.peerGrace()));
            String prefix = mode.name().toLowerCase(Locale.ROOT) + ": ";
            baseline(pair, timeline, runs, samples, prefix);
            require(timeline.step("Gslb published", Seed.GSLB_HOST, pair::publishFailoverGslb, both(ClusterPair.BUF_IP), STEP_LIMIT));
            if (!pair.awaitPeersPolled(STEP_LIMIT)) {
                throw new IllegalStateException("the clusters did not poll each other within " + s(STEP_LIMIT));
            }
            Random random = new Random(SEED);
            long poll = timings.pollInterval().toNanos();
            for (int run = 0; run < runs; run++) {
                // An outage starts at a random point of the peers' poll cycle, not in step with it.
                pause(pacer, Duration.ofNanos((long) (random.nextDouble() * poll)));
                record(samples, prefix + "failover", require(timeline.step("failover", Seed.GSLB_HOST, () -> pair.buf().setReady(false),
                        both(ClusterPair.NYC_IP), STEP_LIMIT)));
                pause(pacer, Duration.ofNanos((long) (random.nextDouble() * poll)));
                record(samples, prefix + "failback", require(timeline.step("failback", Seed.GSLB_HOST, () -> pair.buf().setReady(true),
                        both(ClusterPair.BUF_IP), STEP_LIMIT)));
                System.out.printf("run %d: failover %s / %s, failback %s / %s (us-buf / us-nyc)%n", run + 1,
                        s(last(samples, prefix + "failover → us-buf DNS")), s(last(samples, prefix + "failover → us-nyc DNS")),
                        s(last(samples, prefix + "failback → us-buf DNS")), s(last(samples, prefix + "failback → us-nyc DNS")));
            }
            if (mode == Mode.PUSH) {
                System.out.printf("NOTIFYs acknowledged: us-buf → us-nyc %.0f, us-nyc → us-buf %.0f%n", pair.buf().notifiesSent(ClusterPair.NYC),
                        pair.nyc().notifiesSent(ClusterPair.BUF));
            }
        } finally {
            pacer.shutdownNow();
        }
    }

    /** The pipeline floor: the nginx Service's load-balancer IP moves; until us-buf's DNS answers the new one. */
    private static void baseline(ClusterPair pair, Timeline timeline, int runs, Map<String, List<Duration>> samples, String prefix) {
        require(timeline.step("Service published", Seed.NGINX_HOST, () -> pair.buf().publishNginx(Seed.NGINX_IP),
                Map.of(ClusterPair.BUF, Answer.of(Seed.NGINX_IP)), STEP_LIMIT));
        for (int run = 0; run < runs; run++) {
            String ip = "172.18.200." + (102 + run % 100);
            StepResult r = require(timeline.step("baseline", Seed.NGINX_HOST, () -> pair.buf().publishNginx(ip),
                    Map.of(ClusterPair.BUF, Answer.of(ip)), STEP_LIMIT));
            samples.computeIfAbsent(prefix + "baseline: Service IP change → " + ClusterPair.BUF + " DNS", k -> new ArrayList<>())
                    .add(r.reached().get(ClusterPair.BUF).orElseThrow());
        }
    }

    /** Waits on a scheduler (the harness's pacing between runs). */
    private static void pause(ScheduledExecutorService pacer, Duration d) throws Exception {
        pacer.schedule(() -> null, d.toNanos(), TimeUnit.NANOSECONDS).get();
    }

    private static Duration last(Map<String, List<Duration>> samples, String key) {
        List<Duration> list = samples.get(key);
        return list.get(list.size() - 1);
    }

    /** Each cluster's time, and how long us-nyc's DNS followed us-buf's: what crossing to the other cluster adds. */
    private static void record(Map<String, List<Duration>> samples, String step, StepResult r) {
        r.reached().forEach((cluster, d) -> samples.computeIfAbsent(step + " → " + cluster + " DNS", k -> new ArrayList<>())
                .add(d.orElseThrow()));
        Duration lag = r.reached().get(ClusterPair.NYC).orElseThrow().minus(r.reached().get(ClusterPair.BUF).orElseThrow());
        samples.computeIfAbsent(step + ": us-nyc's DNS after us-buf's", k -> new ArrayList<>()).add(lag.isNegative() ? Duration.ZERO : lag);
    }

    private static StepResult require(StepResult r) {
        if (!r.complete()) {
            throw new IllegalStateException("step '" + r.step() + "': " + r.missed() + " never answered " + r.expected()
                    + " (last: " + r.last() + ")");
        }
        return r;
    }

    private static Map<String, Answer> both(String ip) {
        Map<String, Answer> out = new LinkedHashMap<>();
        out.put(ClusterPair.BUF, Answer.of(ip));
        out.put(ClusterPair.NYC, Answer.of(ip));
        return out;
    }

    /** The nearest-rank percentile: with fewer than 100 samples, p99 is the largest. */
    private static Duration pct(List<Duration> sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, idx));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String s(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
}
