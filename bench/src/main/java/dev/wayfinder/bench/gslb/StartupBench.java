package dev.wayfinder.bench.gslb;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.demo.cluster.KubeApi;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.gslb.GslbParts;
import dev.wayfinder.gslb.health.TargetProbe;
import dev.wayfinder.gslb.peers.PeerPoller;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.gslb.status.GslbReporter;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.source.api.EventSink;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * Start-up and scale of the GSLB with a dead peer: N Gslbs (default 300), each referencing an Ingress of its own
 * ({@code resourceRef}, so the controller writes no Ingress), in fabric8's CRUD mock API; the controller with the
 * in-memory provider and the real peer poller, with no peer or with one peer whose address swallows every question (a
 * black-holed UDP port; the default 1 s peer timeout). Status, Events and the probe are left out (they go to the API
 * off the publish path, and the in-process mock API would only slow the measured path down). Two scenarios each:
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
            try (Running c = Running.start(config(peers), api.newClient(), meters)) {
                long published = waitFor(() -> answers(c.records) >= hosts, start);
                return new long[] {published, 0, longestPass(meters)};
            }
        }
    }

    /** The controller on the in-memory provider with the real peer poller; no status, Events or probe. */
    record Running(Controller controller, PeerPoller peers, MemoryProvider records, KubernetesClient client) implements AutoCloseable {
        static Running start(ControllerConfig config, KubernetesClient client, SimpleMeterRegistry meters) {
            MemoryProvider records = new MemoryProvider(config.domainFilter());
            Runnable[] trigger = {() -> { }};
            PeerPoller peers = new PeerPoller(config.gslb().orElseThrow(), meters, () -> trigger[0].run());
            Controller controller = new Controller(config, client, List.of(new Controller.Target(records, config.domainFilter())), meters,
                    EventSink.NONE, plan -> { }, new GslbParts(peers, TargetProbe.NONE, GslbReporter.NONE));
            trigger[0] = controller::trigger;
            peers.start();
            controller.start();
            return new Running(controller, peers, records, client);
        }

        @Override
        public void close() {
            controller.close();
            peers.close();
            client.close();
        }
    }

    /** Nanoseconds from the last API write until every new host is published and until the Service's new address is; the longest pass. */
    static long[] newGslbs(List<String> peers, int hosts) throws Exception {
        try (KubeApi api = KubeApi.start()) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            Seed.publishNginx(api.client(), "172.18.200.101");
            try (Running c = Running.start(config(peers), api.newClient(), meters)) {
                MemoryProvider records = c.records;
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

    /**
     * {@code count} Ingresses {@code i<n>} for {@code h<n>.gb.foowidgets.k8s} (load balancer 10.2.x.y, the seed's ready
     * backend) and a failover Gslb {@code g<n>} referencing each, from index {@code from}.
     */
    static void createGslbs(KubernetesClient client, int count, int from) {
        Seed.publishBackend(client, true);
        for (int i = from; i < from + count; i++) {
            String ip = "10.2." + i / 250 + "." + (1 + i % 250);
            Ingress ingress = new IngressBuilder().withNewMetadata().withName("i" + i).withNamespace(Seed.GSLB_NAMESPACE).endMetadata()
                    .withNewSpec().addNewRule().withHost("h" + i + ".gb.foowidgets.k8s").withNewHttp().addNewPath().withPath("/")
                    .withPathType("Prefix").withNewBackend().withNewService().withName(Seed.BACKEND).withNewPort().withName("http")
                    .endPort().endService().endBackend().endPath().endHttp().endRule().endSpec()
                    .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build();
            client.resource(ingress).create();
            String manifest = """
                    apiVersion: k8gb.io/v1beta1
                    kind: Gslb
                    metadata: {name: g%d, namespace: test-gslb}
                    spec:
                      resourceRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: i%d}
                      strategy: {type: failover, primaryGeoTag: us-buf}
                    """.formatted(i, i);
            GenericKubernetesResource g = Serialization.unmarshal(manifest, GenericKubernetesResource.class);
            client.genericKubernetesResources("k8gb.io/v1beta1", "Gslb").inNamespace(Seed.GSLB_NAMESPACE).resource(g).create();
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
