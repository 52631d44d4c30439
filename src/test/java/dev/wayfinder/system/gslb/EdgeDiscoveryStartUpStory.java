package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.ClusterSpec;
import dev.wayfinder.demo.cluster.Progress;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.Dig;
import dev.wayfinder.gslb.settings.EdgeDelegation;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.DeleteOption;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Two clusters that know each other only through the edge, as k8gb's {@code extGslbClustersGeoTags} install does: a
 * real {@code named} holds the glue of {@code gslb-ns-us-buf-…} and {@code gslb-ns-us-nyc-…}, and neither controller
 * is given the other's address. us-nyc is the failover secondary and healthy itself, so a decision made before it has
 * found and asked us-buf would publish us-nyc's own address. The first two edge servers listed drop every question,
 * so each lookup takes two peer timeouts before named answers: slower than a controller's first pass. us-nyc's DNS is
 * asked without pause from before its controller decides until well after, for a new Gslb and for a controller
 * starting with the Gslb already there, and must never answer its own address.
 */
abstract class EdgeDiscoveryStartUpStory {

    static final String EDGE_ZONE = "k8s";
    /** A 1 s peer timeout: each edge lookup waits 2 s on the two silent servers, longer than a controller takes to start. */
    static final ClusterSpec.Timings TIMINGS = new ClusterSpec.Timings(Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(3));
    static final Answer BUF = Answer.of(ClusterPair.BUF_IP);
    static final Answer NYC = Answer.of(ClusterPair.NYC_IP);

    @RegisterExtension
    static final NamedProcess EDGE = NamedProcess.builder().zones(EDGE_ZONE).build();

    SimulatedCluster buf;
    SimulatedCluster nyc;
    final List<DatagramSocket> blackHoles = new java.util.ArrayList<>();
    final ExecutorService asking = Executors.newSingleThreadExecutor();

    abstract ClusterDns dns();

    @AfterEach
    void stop() {
        asking.shutdownNow();
        blackHoles.forEach(DatagramSocket::close);
        if (nyc != null) {
            nyc.close();
        }
        if (buf != null) {
            buf.close();
        }
    }

    @Test
    void aFailoverSecondaryFoundOnlyThroughTheEdgeNeverAnswersItself() throws Exception {
        int bufPort = Ports.freeUdpAndTcp();
        int nycPort = Ports.freeUdpAndTcp();
        for (int i = 0; i < 2; i++) {
            blackHoles.add(new DatagramSocket(new InetSocketAddress(Ports.LOOPBACK, 0)));
        }
        List<InetSocketAddress> servers = new java.util.ArrayList<>();
        blackHoles.forEach(b -> servers.add(new InetSocketAddress(Ports.LOOPBACK, b.getLocalPort())));
        servers.add(new InetSocketAddress(NamedProcess.ADDRESS, EDGE.port()));
        ClusterSpec.Edge edge = new ClusterSpec.Edge(servers, EDGE_ZONE);
        glue(ClusterPair.BUF);
        glue(ClusterPair.NYC);
        buf = SimulatedCluster.start(new ClusterSpec(ClusterPair.BUF, ClusterPair.BUF_IP, bufPort, Map.of(ClusterPair.NYC, nycPort),
                List.of(), TIMINGS).withEdge(edge), SimulatedCluster.Store.ETCD, dns(), Progress.SILENT);
        buf.publishGslb(Seed.manifest(Seed.FAILOVER));
        nyc = SimulatedCluster.start(new ClusterSpec(ClusterPair.NYC, ClusterPair.NYC_IP, nycPort, Map.of(ClusterPair.BUF, bufPort),
                List.of(), TIMINGS).withEdge(edge), SimulatedCluster.Store.ETCD, dns(), Progress.SILENT);
        try (Dig dig = new Dig(buf.dnsAddress(), Duration.ofMillis(500))) {
            await("us-buf answers itself").atMost(Duration.ofSeconds(20)).until(() -> dig.a(Seed.GSLB_HOST).equals(BUF));
        }

        // 1. A new Gslb in a running controller.
        Set<Answer> seen = askWhile(() -> {
            nyc.publishGslb(Seed.manifest(Seed.FAILOVER));
            awaitNyc(BUF);
        });
        assertThat(seen).as("what us-nyc's DNS answered for the new Gslb").doesNotContain(NYC).contains(BUF);

        // 2. A controller starting with the Gslb there and nothing published yet.
        nyc.stopController();
        deleteAnswer(nyc);
        seen = askWhile(() -> {
            try (Dig dig = new Dig(nyc.dnsAddress(), Duration.ofMillis(500))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> dig.a(Seed.GSLB_HOST).equals(Answer.NXDOMAIN));
            }
            nyc.startController();
            awaitNyc(BUF);
        });
        assertThat(seen).as("what us-nyc's DNS answered while its controller started").doesNotContain(NYC).contains(Answer.NXDOMAIN, BUF);
        assertThat(nyc.peerAnswers(ClusterPair.BUF)).as("us-buf found at the edge and asked").isPositive();
    }

    /** This cluster's glue at the edge: {@code gslb-ns-<tag>-foowidgets.k8s A 127.0.0.1}. */
    static void glue(String tag) throws Exception {
        DnsName ns = EdgeDelegation.nameserver(tag, DnsName.of(ClusterSpec.ZONES.get(0)), DnsName.of(EDGE_ZONE));
        Update update = new Update(Name.fromString(EDGE_ZONE + "."));
        update.add(Name.fromString(ns.fqdn()), Type.A, 30, NamedProcess.ADDRESS);
        Message reply = EDGE.resolver().send(update);
        assertThat(Rcode.string(reply.getRcode())).as("adding the glue of " + tag).isEqualTo("NOERROR");
    }

    /** us-nyc's answer and its local targets, as if its controller had never run. */
    static void deleteAnswer(SimulatedCluster cluster) throws Exception {
        for (String path : List.of("/skydns/k8s/foowidgets/gb/fe/", "/skydns/k8s/foowidgets/gb/localtargets-fe/")) {
            cluster.etcd().orElseThrow().getKVClient().delete(ByteSequence.from(path, StandardCharsets.UTF_8),
                    DeleteOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS);
        }
    }

    void awaitNyc(Answer expected) {
        try (Dig dig = new Dig(nyc.dnsAddress(), Duration.ofMillis(500))) {
            await("us-nyc answers " + expected).atMost(Duration.ofSeconds(20)).until(() -> dig.a(Seed.GSLB_HOST).equals(expected));
        }
        try (Dig dig = new Dig(nyc.dnsAddress(), Duration.ofMillis(500))) {
            // A while longer: a later wrong decision would show too.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> dig.a(Seed.GSLB_HOST).equals(expected));
        }
    }

    /** Every answer us-nyc's DNS gave, asked back to back on its own thread, while {@code step} ran. */
    Set<Answer> askWhile(ThrowingRunnable step) throws Exception {
        Set<Answer> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Future<?> asker = asking.submit(() -> {
            try (Dig dig = new Dig(nyc.dnsAddress(), Duration.ofMillis(500))) {
                while (!done.get()) {
                    seen.add(dig.a(Seed.GSLB_HOST));
                }
            }
        });
        try {
            step.run();
        } finally {
            done.set(true);
            asker.get(5, TimeUnit.SECONDS);
        }
        return seen;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
