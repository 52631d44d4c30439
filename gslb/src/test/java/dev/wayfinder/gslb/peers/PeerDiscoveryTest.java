package dev.wayfinder.gslb.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Peer discovery against a real edge nameserver answering the glue of {@code gslb-ns-<tag>-<zone>}. */
class PeerDiscoveryTest {

    private static final String EDGE = "foowidgets.k8s";
    private static final DnsName ZONE = DnsName.of("gb.foowidgets.k8s");
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static TestNameserver edge;
    private static DatagramSocket blackHole;
    private static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        edge = TestNameserver.start(EDGE);
        blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        executor = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        edge.close();
        blackHole.close();
        executor.shutdownNow();
    }

    @BeforeEach
    void glue() {
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.A, List.of("127.0.0.1", "192.0.2.20"));
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.AAAA, List.of("2001:db8::20"));
        edge.set("gslb-ns-eu-ams-gb.foowidgets.k8s", RecordType.A, List.of());
    }

    private static GslbSettings settings(List<String> tags, List<InetSocketAddress> edgeServers) {
        return new GslbSettings("us-buf", List.of(ZONE), List.of(), tags, edgeServers, Optional.of(DnsName.of(EDGE)), List.of(),
                Duration.ofMillis(200), TIMEOUT, Duration.ofSeconds(30), 30);
    }

    private static InetSocketAddress dead() {
        return new InetSocketAddress("127.0.0.1", blackHole.getLocalPort());
    }

    private static Map<String, PeerDiscovery.Found> lookup(GslbSettings s) {
        return new PeerDiscovery(s, 5353).lookup(TIMEOUT, executor, executor).join();
    }

    @Test
    void theNameIsK8gbsGlueName() {
        assertThat(new PeerDiscovery(settings(List.of("us-nyc"), List.of(edge.address()))).names("us-nyc"))
                .containsExactly(DnsName.of("gslb-ns-us-nyc-gb.foowidgets.k8s"));
    }

    @Test
    void findsEveryAddressOfThePeerOnThePeerPort() {
        Map<String, PeerDiscovery.Found> found = lookup(settings(List.of("us-nyc"), List.of(edge.address())));

        assertThat(found.get("us-nyc").addresses()).contains(List.of(new InetSocketAddress("127.0.0.1", 5353),
                new InetSocketAddress("192.0.2.20", 5353), new InetSocketAddress("2001:db8::20", 5353)));
    }

    @Test
    void aPeerWithoutGlueIsAnsweredAndEmpty() {
        Map<String, PeerDiscovery.Found> found = lookup(settings(List.of("eu-ams"), List.of(edge.address())));

        assertThat(found.get("eu-ams").answered()).isTrue();
        assertThat(found.get("eu-ams").addresses()).contains(List.of());
    }

    @Test
    void aFailingEdgeServerIsSkippedForTheNext() {
        Map<String, PeerDiscovery.Found> found = lookup(settings(List.of("us-nyc"), List.of(dead(), edge.address())));

        assertThat(found.get("us-nyc").addresses().orElseThrow()).hasSize(3);
    }

    @Test
    void noAnsweringEdgeServerMeansUnknownNotEmpty() {
        Map<String, PeerDiscovery.Found> found = lookup(settings(List.of("us-nyc"), List.of(dead())));

        assertThat(found.get("us-nyc").answered()).isFalse();
        assertThat(found.get("us-nyc").detail()).contains("timeout");
    }

    @Test
    void thePollerAsksTheDiscoveredNameserver() {
        // The edge and the peer are one server here: it holds both the glue and the peer's localtargets.
        edge.set("localtargets-app.gb.foowidgets.k8s", RecordType.A, List.of("10.0.0.7"));
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.A, List.of("127.0.0.1"));
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.AAAA, List.of());
        DnsName app = DnsName.of("app.gb.foowidgets.k8s");
        try (PeerPoller p = new PeerPoller(settings(List.of("us-nyc"), List.of(edge.address())), new SimpleMeterRegistry(), () -> { },
                Clock.systemUTC(), edge.address().getPort())) {
            p.track(List.of(app));
            p.start();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(p.peers(app)).singleElement().satisfies(s -> {
                assertThat(s.geoTag()).isEqualTo("us-nyc");
                assertThat(s.reachable()).isTrue();
                assertThat(s.targets()).containsExactly("10.0.0.7");
            }));
        }
    }

    @Test
    void aHostIsAwaitedUntilTheEdgeHasAnsweredAndThenThePeerItNamed() throws Exception {
        edge.set("localtargets-app.gb.foowidgets.k8s", RecordType.A, List.of("10.0.0.7"));
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.A, List.of("127.0.0.1"));
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.AAAA, List.of());
        DnsName app = DnsName.of("app.gb.foowidgets.k8s");
        try (PeerPoller p = new PeerPoller(settings(List.of("us-nyc"), List.of(edge.address())), new SimpleMeterRegistry(), () -> { },
                Clock.systemUTC(), edge.address().getPort())) {
            p.start();
            p.track(List.of(app));
            assertThat(p.awaitingUntil(app)).isPresent();

            p.awaitFirstAnswers(List.of(app), Duration.ofSeconds(5));

            // Not released by the poll that ran before the edge answered (no address to ask yet): by the peer's answer.
            assertThat(p.awaitingUntil(app)).isEmpty();
            assertThat(p.peers(app)).singleElement().satisfies(s -> {
                assertThat(s.reachable()).isTrue();
                assertThat(s.targets()).containsExactly("10.0.0.7");
            });
        }
    }

    @Test
    void aHostIsReleasedWhenTheEdgeCannotBeAskedAndThePeerIsFoundLaterWhenItCan() throws Exception {
        edge.set("localtargets-app.gb.foowidgets.k8s", RecordType.A, List.of("10.0.0.7"));
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.A, List.of("127.0.0.1"));
        edge.set("gslb-ns-us-nyc-gb.foowidgets.k8s", RecordType.AAAA, List.of());
        DnsName app = DnsName.of("app.gb.foowidgets.k8s");
        edge.stop();
        try (PeerPoller p = new PeerPoller(settings(List.of("us-nyc"), List.of(edge.address())), new SimpleMeterRegistry(), () -> { },
                Clock.systemUTC(), edge.address().getPort())) {
            p.start();
            p.track(List.of(app));

            p.awaitFirstAnswers(List.of(app), Duration.ofSeconds(5));
            assertThat(p.awaitingUntil(app)).isEmpty();
            assertThat(p.peers(app)).singleElement().satisfies(s -> assertThat(s.reachable()).isFalse());

            // While a peer is still unknown the edge is asked again every poll interval (200 ms here), not every 30 s.
            edge.restart();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(p.peers(app)).singleElement()
                    .satisfies(s -> assertThat(s.targets()).containsExactly("10.0.0.7")));
        } finally {
            edge.restart();
        }
    }

    @Test
    void anUnansweredRoundKeepsWhatWasFoundAndAnAnsweredOneReplacesIt() {
        PeerDiscovery d = new PeerDiscovery(settings(List.of("us-nyc"), List.of(edge.address())), 53);
        InetSocketAddress a = new InetSocketAddress("192.0.2.20", 53);

        assertThat(d.update(Map.of("us-nyc", new PeerDiscovery.Found("us-nyc", Optional.of(List.of(a)), "glue")))).containsExactly("us-nyc");
        assertThat(d.update(Map.of("us-nyc", new PeerDiscovery.Found("us-nyc", Optional.empty(), "timeout")))).isEmpty();
        assertThat(d.addresses("us-nyc")).containsExactly(a);
        assertThat(d.update(Map.of("us-nyc", new PeerDiscovery.Found("us-nyc", Optional.of(List.of(a)), "glue")))).isEmpty();
        assertThat(d.update(Map.of("us-nyc", new PeerDiscovery.Found("us-nyc", Optional.of(List.of()), "no glue")))).containsExactly("us-nyc");
        assertThat(d.addresses("us-nyc")).isEmpty();
    }
}
