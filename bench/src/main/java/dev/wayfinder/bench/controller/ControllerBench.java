package dev.wayfinder.bench.controller;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawRegistry;
import dev.wayfinder.config.RawRfc2136;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.config.RawSources;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.source.api.EventSink;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller at scale: N annotated LoadBalancer Services (default 10,000) in fabric8's CRUD
 * mock API — run in a JVM of its own ({@link MockApi}), so its CPU and heap are not counted as the
 * controller's — and a real etcd. Measures cold convergence (controller start → every record in
 * etcd), heap after convergence, and the latency of one Service change until its new value is in
 * etcd (watched), p50 and p99; with each phase what it cost in CPU (controller JVM, mock API,
 * etcd), allocation and etcd round trips.
 *
 * <p>Run through {@code bench/controller.sh}.
 */
public final class ControllerBench {

    private ControllerBench() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // --registry: txt (the default: ExternalDNS's ownership record beside each record) or noop (none).
        String registry = args.length > 2 ? args[2] : "txt";
        System.out.printf("== %,d Services, %d single changes, --registry=%s; %d cores, load average %s (start)%n", services, changes,
                registry, Runtime.getRuntime().availableProcessors(), loadAverage());
        long setup = System.nanoTime();
        try (EtcdProcess etcd = EtcdProcess.start();
             MockApiProcess api = MockApiProcess.start(services, System.getenv().getOrDefault("BENCH_MOCK_JAVA_OPTS", ""));
             KubernetesClient kube = api.client()) {
            System.out.printf("setup: etcd and the mock API with %,d Services in %.1f s%n", services, (System.nanoTime() - setup) / 1e9);
            run(services, changes, registry, etcd, api, kube);
        }
        System.out.printf("load average %s (end)%n", loadAverage());
        System.exit(0);
    }

    private static void run(int services, int changes, String registry, EtcdProcess etcd, MockApiProcess api, KubernetesClient kube)
            throws Exception {
        ControllerConfig config = ControllerConfig.from(new RawSettings(List.of("service"), "coredns", List.of("foowidgets.k8s"),
                List.of(), "bench", "sync", "10m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default",
                "wayfinder", "", Map.of("ETCD_URLS", etcd.clientUrl()), RawRfc2136.DEFAULTS, RawGslb.DEFAULTS, RawSources.DEFAULTS,
                new RawRegistry(registry, "", "", "", false)));
        Client etcdClient = etcd.client();
        EtcdProvider provider = new EtcdProvider(etcdClient, new SkyDnsMapping(new SkyDnsKeys("/skydns/"),
                List.of(DnsName.of("foowidgets.k8s")), 300), config.domainFilter());
        Optional<ProcessHandle> etcdProcess = ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("etcd")).orElse(false)).findFirst();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PassLog passLog = PassLog.attach();
        long heapBefore = liveHeap();
        AtomicLong peak = heapPeak();
        AtomicLong created = new AtomicLong();
        CompletableFuture<Void> converged = new CompletableFuture<>();
        Usage start = Usage.now(api.handle(), etcdProcess, provider.roundTrips());
        try (Controller controller = new Controller(config, kube, provider, meters, EventSink.NONE, plan -> {
            // The Services' A records (with --registry=txt each comes with its ownership record).
            if (created.addAndGet(plan.changes().create().stream().filter(e -> e.type() == RecordType.A).count()) >= services) {
                converged.complete(null);
            }
        })) {
            controller.start();
            controller.cachesLoaded().get(10, TimeUnit.MINUTES);
            double loaded = (System.nanoTime() - start.wallNanos()) / 1e9;
            converged.get(20, TimeUnit.MINUTES);
            Usage cold = Usage.now(api.handle(), etcdProcess, provider.roundTrips()).since(start);
            // The pass that converged logs and counts itself just after the listener that completed it.
            Timer passes = meters.get("wayfinder_controller_reconcile_duration").timer();
            for (int i = 0; i < 600 && (passLog.size() == 0 || passes.count() == 0); i++) {
                Thread.sleep(100);
            }
            long keys = etcdClient.getKVClient().get(bytes("/skydns/"), GetOption.builder().isPrefix(true).withCountOnly(true).build())
                    .get().getCount();
            System.out.printf("cold convergence: %,d Services -> %,d etcd keys in %.2f s (informer caches loaded after %.2f s)%n",
                    services, keys, cold.wallNanos() / 1e9, loaded);
            System.out.println("  cold cost: " + cold.describe(1));
            System.out.println("  cold pass: " + passLog.describe(0));
            long heap = liveHeap();
            System.out.printf("heap after GC: %.0f MB (%.0f MB before the controller started: the etcd and Kubernetes clients),"
                    + " controller +%.0f MB%n", heap / 1048576.0, heapBefore / 1048576.0, (heap - heapBefore) / 1048576.0);
            System.out.printf("heap peak up to convergence: %.0f MB used of the %.0f MB limit (used heap read every 10 ms, garbage included)%n",
                    peak.get() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
            dumpHeapHistogram(services);

            // The pass after a start plans again every name the start wrote: the changes are timed once the loop is idle.
            System.out.printf("settled: the reconcile loop busy for %.2f s more after convergence%n", settle());
            long coldPasses = passes.count();
            int coldLogged = passLog.size();
            Usage before = Usage.now(api.handle(), etcdProcess, provider.roundTrips());
            double passTime = passes.totalTime(TimeUnit.MILLISECONDS);
            Latencies l;
            try (ChangesRecording recording = ChangesRecording.start(services)) {
                l = singleChanges(kube, etcdClient, services, changes);
            }
            Usage each = Usage.now(api.handle(), etcdProcess, provider.roundTrips()).since(before);
            long changePasses = passes.count() - coldPasses;
            System.out.printf("single change -> etcd over %d changes: p50 %.0f ms, p99 %.0f ms, max %.0f ms"
                            + " (of which the API write: p50 %.0f ms, p99 %.0f ms); %d passes, mean pass %.1f ms%n", changes,
                    pct(l.total, 50), pct(l.total, 99), pct(l.total, 100), pct(l.write, 50), pct(l.write, 99), changePasses,
                    (passes.totalTime(TimeUnit.MILLISECONDS) - passTime) / Math.max(1, changePasses));
            System.out.println("  change cost: " + each.describe(changes));
            System.out.println("  change passes: " + passLog.describe(coldLogged));
        }
    }

    static Service service(int i, String ip) {
        return new ServiceBuilder().withNewMetadata().withNamespace("ns" + (i % 20)).withName("svc-" + i)
                .addToAnnotations("external-dns.alpha.kubernetes.io/hostname", "svc-" + i + ".foowidgets.k8s").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.1").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build();
    }

    static String ip(int i, int generation) {
        return "10." + generation + "." + (i / 250 % 250) + "." + (i % 250 + 1);
    }

    private record Latencies(List<Long> total, List<Long> write) {
    }

    /** Changes one Service's load-balancer IP at a time and waits for the etcd watch to see the new value. */
    private static Latencies singleChanges(KubernetesClient kube, Client etcd, int services, int changes) throws Exception {
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(1024);
        List<Long> total = new ArrayList<>();
        List<Long> write = new ArrayList<>();
        try (Watch.Watcher w = etcd.getWatchClient().watch(bytes("/skydns/"), WatchOption.builder().isPrefix(true).build(),
                resp -> resp.getEvents().forEach(e -> seen.offer(e.getKeyValue().getValue().toString(StandardCharsets.UTF_8))))) {
            for (int c = 0; c < changes; c++) {
                int i = (int) ((c * 7919L) % services);
                String newIp = ip(i, 2 + c / services);
                seen.clear();
                long start = System.nanoTime();
                kube.resource(service(i, newIp)).update();
                write.add(System.nanoTime() - start);
                while (true) {
                    String v = seen.poll(30, TimeUnit.SECONDS);
                    if (v == null) {
                        throw new IllegalStateException("change " + c + " never reached etcd");
                    }
                    if (v.contains("\"" + newIp + "\"")) {
                        break;
                    }
                }
                total.add(System.nanoTime() - start);
            }
        }
        Collections.sort(total);
        Collections.sort(write);
        return new Latencies(total, write);
    }

    /**
     * Waits until the reconcile thread has been idle (no controller frame on its stack: parked in its
     * executor's queue, not in a pass nor waiting on etcd within one) for two seconds; returns how long
     * the loop stayed busy, in seconds.
     */
    private static double settle() throws InterruptedException {
        long start = System.nanoTime();
        var threads = ManagementFactory.getThreadMXBean();
        int idle = 0;
        while (idle < 20 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
            idle = reconcileBusy(threads) ? 0 : idle + 1;
            Thread.sleep(100);
        }
        return Math.max(0, (System.nanoTime() - start) / 1e9 - 2);
    }

    private static boolean reconcileBusy(ThreadMXBean threads) {
        for (var info : threads.getThreadInfo(threads.getAllThreadIds(), Integer.MAX_VALUE)) {
            if (info != null && info.getThreadName().equals("reconcile")) {
                for (StackTraceElement frame : info.getStackTrace()) {
                    if (frame.getClassName().startsWith("dev.wayfinder.")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The highest used heap seen, read every 10 ms by a daemon thread from now on. */
    private static AtomicLong heapPeak() {
        AtomicLong peak = new AtomicLong();
        Thread t = new Thread(() -> {
            while (true) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");
        t.setDaemon(true);
        t.start();
        return peak;
    }

    /** Used heap after a full collection. */
    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** With BENCH_HISTO=DIR, the live-object histogram after convergence, to see what the heap holds. */
    private static void dumpHeapHistogram(int services) throws Exception {
        String dir = System.getenv("BENCH_HISTO");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Process p = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        Path out = Path.of(dir, "histogram-" + services + ".txt");
        Files.createDirectories(out.getParent());
        Files.write(out, p.getInputStream().readAllBytes());
        p.waitFor();
    }

    /** Milliseconds at percentile {@code p} of sorted nanoseconds. */
    private static double pct(List<Long> sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx))) / 1e6;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
