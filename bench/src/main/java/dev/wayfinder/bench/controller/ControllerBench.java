package dev.wayfinder.bench.controller;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawRegistry;
import dev.wayfinder.config.RawSources;
import dev.wayfinder.config.RawRfc2136;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.source.api.EventSink;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's speed targets: N annotated LoadBalancer Services (default 10,000) in fabric8's
 * CRUD mock API and a real etcd. Measures cold-start convergence (controller start → every record
 * in etcd), etcd round trips, heap after convergence, and the latency of one Service change until
 * its new value is in etcd (watched), p50 and p99.
 *
 * <p>Run through {@code bench/controller.sh}; prints Markdown rows for BENCHMARKS.md.
 */
public final class ControllerBench {

    // Held so the logger (and its level) is not collected: java.util.logging keeps loggers weakly.
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private ControllerBench() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // --registry: txt (the default: ExternalDNS's ownership record beside each record) or noop (none).
        String registry = args.length > 2 ? args[2] : "txt";
        MOCK_LOG.setLevel(Level.WARNING);
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init();
        try (EtcdProcess etcd = EtcdProcess.start(); KubernetesClient kube = api.createClient()) {
            long setup = System.nanoTime();
            createServices(kube, services);
            System.out.printf("setup: %d Services created in the mock API in %.1f s%n", services, (System.nanoTime() - setup) / 1e9);

            ControllerConfig config = ControllerConfig.from(new RawSettings(List.of("service"), "coredns", List.of("foowidgets.k8s"),
                    List.of(), "bench", "sync", "10m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default",
                    "wayfinder", "", Map.of("ETCD_URLS", etcd.clientUrl()), RawRfc2136.DEFAULTS, RawGslb.DEFAULTS, RawSources.DEFAULTS,
                    new RawRegistry(registry, "", "", "", false)));
            Client etcdClient = etcd.client();
            EtcdProvider provider = new EtcdProvider(etcdClient, new SkyDnsMapping(new SkyDnsKeys("/skydns/"),
                    List.of(DnsName.of("foowidgets.k8s")), 300), config.domainFilter());
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            System.gc();
            long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long t0 = System.nanoTime();
            AtomicLong created = new AtomicLong();
            CompletableFuture<Void> converged = new CompletableFuture<>();
            try (Controller controller = new Controller(config, kube, provider, meters, EventSink.NONE, plan -> {
                if (created.addAndGet(plan.changes().create().size()) >= services) {
                    converged.complete(null);
                }
            })) {
                controller.start();
                controller.cachesLoaded().get(10, TimeUnit.MINUTES);
                double loaded = (System.nanoTime() - t0) / 1e9;
                converged.get(10, TimeUnit.MINUTES);
                double converge = (System.nanoTime() - t0) / 1e9;
                long roundTrips = provider.roundTrips();
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long keys = etcdClient.getKVClient().get(bytes("/skydns/"), io.etcd.jetcd.options.GetOption.builder()
                        .isPrefix(true).withCountOnly(true).build()).get().getCount();
                System.out.printf("cold convergence: %d Services -> %d etcd keys in %.2f s (informer caches loaded after %.2f s),"
                        + " %d etcd round trips%n", services, keys, converge, loaded, roundTrips);
                // The mock API server lives in this JVM too; the controller's share is the growth over the baseline.
                System.out.printf("heap after GC: %.0f MB total, %.0f MB before the controller started (mock API + etcd client), controller +%.0f MB%n",
                        heap / 1048576.0, heapBefore / 1048576.0, (heap - heapBefore) / 1048576.0);

                List<Long> latencies = singleChanges(kube, etcdClient, services, changes);
                Collections.sort(latencies);
                System.out.printf("single change -> etcd over %d changes: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", changes,
                        pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6, latencies.get(latencies.size() - 1) / 1e6);
            }
        } finally {
            api.destroy();
        }
        System.exit(0);
    }

    static Service service(int i, String ip) {
        return new ServiceBuilder().withNewMetadata().withNamespace("ns" + (i % 20)).withName("svc-" + i)
                .addToAnnotations("external-dns.alpha.kubernetes.io/hostname", "svc-" + i + ".foowidgets.k8s").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.1").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build();
    }

    static String ip(int i, int generation) {
        return "10." + generation + "." + (i / 250) + "." + (i % 250 + 1);
    }

    private static void createServices(KubernetesClient kube, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            done.add(pool.submit(() -> kube.resource(service(k, ip(k, 1))).create()));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** Changes one Service's load-balancer IP at a time and waits for the etcd watch to see the new value. */
    private static List<Long> singleChanges(KubernetesClient kube, Client etcd, int services, int changes) throws Exception {
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(1024);
        List<Long> out = new ArrayList<>();
        try (Watch.Watcher w = etcd.getWatchClient().watch(bytes("/skydns/"), WatchOption.builder().isPrefix(true).build(),
                resp -> resp.getEvents().forEach(e -> seen.offer(e.getKeyValue().getValue().toString(StandardCharsets.UTF_8))))) {
            for (int c = 0; c < changes; c++) {
                int i = (c * 7919) % services;
                String newIp = ip(i, 2 + c / services);
                seen.clear();
                long start = System.nanoTime();
                kube.resource(service(i, newIp)).update();
                while (true) {
                    String v = seen.poll(10, TimeUnit.SECONDS);
                    if (v == null) {
                        throw new IllegalStateException("change " + c + " never reached etcd");
                    }
                    if (v.contains("\"" + newIp + "\"")) {
                        break;
                    }
                }
                out.add(System.nanoTime() - start);
            }
        }
        return out;
    }

    private static double pct(List<Long> sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, idx));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
