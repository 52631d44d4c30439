package dev.wayfinder.bench.gslb;

import dev.wayfinder.cli.ControllerApp;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.demo.cluster.KubeApi;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.memory.MemoryProvider;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Start-up and scale of the GSLB with a dead peer: N Gslbs (default 300), each with a host of its own, in fabric8's CRUD
 * mock API; the controller (its composition root, the in-memory provider) with no peer, or with one peer whose address
 * swallows every question (a black-holed UDP port; the default 1 s peer timeout). Two scenarios each:
 *
 * <ul>
 *   <li><b>cold start</b>: the Gslbs are there when the controller starts; time until every host's answer is published;</li>
 *   <li><b>new Gslbs</b>: the controller runs (the dead peer already known dead), N Gslbs are created at once, and right
 *       after them an annotated Service moves to a new address: from the last of those API writes, time until the
 *       Service's new address is published (no GSLB work may hold it up) and until every new host's answer is.</li>
 * </ul>
 *
 * Each figure is the median of {@code runs} runs (default 3); the longest reconcile pass of those runs (the
 * controller's timer) is printed beside. Run through {@code bench/gslb-startup.sh}.
 */
public final class StartupBench {

    static final String ZONE = "foowidgets.k8s";
    static final Duration LIMIT = Duration.ofSeconds(120);

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
        System.out.printf("| peers | scenario | %d hosts published | Service update published | longest pass |%n", hosts);
        System.out.println("|---|---|---|---|---|");
        try (DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<String> dead = List.of("us-nyc=127.0.0.1:" + blackHole.getLocalPort());
            for (List<String> peers : List.of(List.<String>of(), dead)) {
                String label = peers.isEmpty() ? "none" : "one dead";
                List<long[]> cold = new java.util.ArrayList<>();
                List<long[]> burst = new java.util.ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    cold.add(coldStart(peers, hosts));
                    burst.add(newGslbs(peers, hosts));
                }
                System.out.printf("| %s | cold start | %s | – | %s |%n", label, ms(median(cold, 0)), ms(max(cold, 2)));
                System.out.printf("| %s | %d new Gslbs | %s | %s | %s |%n", label, hosts, ms(median(burst, 0)), ms(median(burst, 1)),
                        ms(max(burst, 2)));
            }
        }
    }

    static long median(List<long[]> runs, int i) {
        long[] v = runs.stream().mapToLong(r -> r[i]).sorted().toArray();
        return v[v.length / 2];
    }

    static long max(List<long[]> runs, int i) {
        return runs.stream().mapToLong(r -> r[i]).max().orElse(0);
    }

    /** Nanoseconds until every host is published, and the longest pass. */
    static long[] coldStart(List<String> peers, int hosts) throws Exception {
        try (KubeApi api = KubeApi.start()) {
            createGslbs(api.client(), hosts, 0);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            long start = System.nanoTime();
            try (ControllerApp app = ControllerApp.start(config(peers), api.newClient(), meters, new PrintWriter(new StringWriter()))) {
                MemoryProvider records = app.memory().orElseThrow();
                long published = waitFor(() -> answers(records) >= hosts, start);
                return new long[] {published, 0, longestPass(meters)};
            }
        }
    }

    /** Nanoseconds from the last API write until every new host is published and until the Service's new address is; the longest pass. */
    static long[] newGslbs(List<String> peers, int hosts) throws Exception {
        try (KubeApi api = KubeApi.start()) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            Seed.publishNginx(api.client(), "172.18.200.101");
            try (ControllerApp app = ControllerApp.start(config(peers), api.newClient(), meters, new PrintWriter(new StringWriter()))) {
                MemoryProvider records = app.memory().orElseThrow();
                waitFor(() -> nginx(records, "172.18.200.101"), System.nanoTime());
                // One Gslb first, so the dead peer is known dead before the burst, as in a running cluster.
                createGslbs(api.client(), 1, hosts);
                waitFor(() -> answers(records) >= 1, System.nanoTime());
                createGslbs(api.client(), hosts, 0);
                Seed.publishNginx(api.client(), "172.18.200.102");
                long start = System.nanoTime();
                long service = waitFor(() -> nginx(records, "172.18.200.102"), start);
                long published = waitFor(() -> answers(records) >= hosts + 1, start);
                return new long[] {published, service, longestPass(meters)};
            }
        }
    }

    static ControllerConfig config(List<String> peers) throws Exception {
        RawGslb gslb = new RawGslb("us-buf", peers, List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);
        return ControllerConfig.from(new RawSettings(List.of("service", "gslb"), "inmemory", List.of(ZONE), List.of(), "us-buf", "sync", "1m",
                false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder", "", Map.of(), null, gslb));
    }

    /** {@code count} Gslbs {@code g<i>} for {@code h<i>.gb.foowidgets.k8s}, from index {@code from}, on the seed's ready backend. */
    static void createGslbs(KubernetesClient client, int count, int from) {
        Seed.publishBackend(client, true);
        for (int i = from; i < from + count; i++) {
            String manifest = """
                    apiVersion: k8gb.io/v1beta1
                    kind: Gslb
                    metadata:
                      name: g%d
                      namespace: test-gslb
                      annotations: {k8gb.io/exposed-ip-addresses: "10.2.%d.%d"}
                    spec:
                      ingress:
                        rules:
                          - host: h%d.gb.foowidgets.k8s
                            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: frontend-podinfo, port: {name: http}}}}]}
                      strategy: {type: failover, primaryGeoTag: us-buf}
                    """.formatted(i, i / 250, 1 + i % 250, i);
            GenericKubernetesResource g = Serialization.unmarshal(manifest, GenericKubernetesResource.class);
            client.genericKubernetesResources("k8gb.io/v1beta1", "Gslb").inNamespace("test-gslb").resource(g).create();
        }
    }

    static long answers(MemoryProvider records) {
        return records.records().stream().filter(e -> e.type() == RecordType.A && e.name().toString().matches("h\\d+\\.gb\\." + "foowidgets\\.k8s"))
                .count();
    }

    static boolean nginx(MemoryProvider records, String ip) {
        return records.records().stream().anyMatch(e -> e.name().toString().equals(Seed.NGINX_HOST) && e.targets().contains(ip));
    }

    /** Nanoseconds from {@code start} until {@code done} holds, checked every millisecond. */
    static long waitFor(BooleanSupplier done, long start) {
        long deadline = start + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + LIMIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return System.nanoTime() - start;
    }

    static long longestPass(SimpleMeterRegistry meters) {
        return meters.find("wayfinder_controller_reconcile_duration").timers().stream()
                .mapToLong(t -> (long) t.max(TimeUnit.NANOSECONDS)).max().orElse(0);
    }

    static String ms(long nanos) {
        return String.format("%,d ms", Math.round(nanos / 1e6));
    }
}
