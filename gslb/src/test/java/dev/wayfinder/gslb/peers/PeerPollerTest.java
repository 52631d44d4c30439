package dev.wayfinder.gslb.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.gslb.settings.PeerAddress;
import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The peer poller against real nameservers over UDP and TCP. */
class PeerPollerTest {

    private static final String ZONE = "gb.foowidgets.k8s";
    private static final DnsName APP = DnsName.of("app." + ZONE);
    private static final String LOCAL_APP = "localtargets-app." + ZONE;

    private final AtomicInteger changes = new AtomicInteger();
    private final List<Instant> changedAt = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestNameserver nyc;

    @BeforeEach
    void peer() {
        nyc = closeLater(TestNameserver.start(ZONE));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    static GslbSettings settings(List<PeerAddress> peers, Duration poll, Duration timeout, Duration grace) {
        return new GslbSettings("us-buf", List.of(DnsName.of(ZONE)), peers, List.of(), List.of(), Optional.empty(), List.of(), poll, timeout,
                grace, 30);
    }

    private PeerPoller poller(GslbSettings s) {
        PeerPoller p = closeLater(new PeerPoller(s, meters, () -> {
            changedAt.add(Instant.now());
            changes.incrementAndGet();
        }));
        p.start();
        return p;
    }

    private PeerPoller pollNyc(Duration poll, Duration grace) {
        return poller(settings(List.of(new PeerAddress("us-nyc", List.of(nyc.address()))), poll, Duration.ofSeconds(1), grace));
    }

    /** A UDP port that swallows every question: the peer address behind a firewall that drops. */
    private InetSocketAddress blackHole() throws Exception {
        DatagramSocket s = closeLater(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }

    private static PeerState only(PeerView v, DnsName host) {
        assertThat(v.peers(host)).hasSize(1);
        return v.peers(host).get(0);
    }

    private double errors(String peer, String kind) {
        var c = meters.find("wayfinder_gslb_peer_errors_total").tag("peer", peer).tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aNeverAnsweredPeerIsUnreachableWithNoTargets() {
        PeerPoller p = new PeerPoller(settings(List.of(new PeerAddress("us-nyc", List.of(nyc.address()))), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(30)), meters, changes::incrementAndGet);
        closeLater(p);

        assertThat(p.peers(APP)).containsExactly(new PeerState("us-nyc", List.of(), false, Instant.EPOCH));
    }

    @Test
    void aNewHostIsAwaitedUntilThePeerHasAnsweredAboutIt() throws Exception {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.2.1.98"));
        PeerPoller p = pollNyc(Duration.ofSeconds(30), Duration.ofSeconds(30));

        p.track(List.of(APP));
        p.awaitFirstAnswers(List.of(APP), Duration.ofSeconds(5));

        // The first moment it is no longer awaited, the peer's answer is there to decide from.
        assertThat(p.awaitingUntil(APP)).isEmpty();
        PeerState nycSays = only(p, APP);
        assertThat(nycSays.reachable()).isTrue();
        assertThat(nycSays.targets()).containsExactly("10.2.1.98");
        await().atMost(Duration.ofSeconds(2)).until(() -> changes.get() >= 1);
    }

    @Test
    void anUntrackedHostOrOneWithoutPeersIsNeverAwaited() {
        PeerPoller p = pollNyc(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(p.awaitingUntil(APP)).isEmpty();
        PeerPoller alone = poller(settings(List.of(), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30)));
        alone.track(List.of(APP));
        assertThat(alone.awaitingUntil(APP)).isEmpty();
    }

    @Test
    void aHostAwaitingADeadPeerIsReleasedWhenItsQuestionTimesOutAndTheCallbackSaysSo() throws Exception {
        Duration timeout = Duration.ofMillis(200);
        PeerPoller p = poller(settings(List.of(new PeerAddress("us-nyc", List.of(blackHole()))), Duration.ofSeconds(30), timeout,
                Duration.ofSeconds(30)));

        p.track(List.of(APP));
        Instant limit = p.awaitingUntil(APP).orElseThrow();
        // Bounded: the edge (none here) and one question with a TCP retry, plus a margin.
        assertThat(limit).isBeforeOrEqualTo(Instant.now().plus(timeout.multipliedBy(2)).plusMillis(300));
        await().atMost(Duration.ofSeconds(3)).until(() -> p.awaitingUntil(APP).isEmpty() && changes.get() >= 1);
        assertThat(only(p, APP).reachable()).isFalse();
    }

    @Test
    void manyNewHostsAwaitingADeadPeerAreReleasedByItsFirstFailedQuestionNotByTheirOwn() throws Exception {
        // 300 hosts, two questions each, 64 in flight: asking them all at a black-holed peer takes ten timeouts.
        Duration timeout = Duration.ofMillis(400);
        PeerPoller p = poller(settings(List.of(new PeerAddress("us-nyc", List.of(blackHole()))), Duration.ofSeconds(30), timeout,
                Duration.ofSeconds(30)));
        List<DnsName> hosts = IntStream.range(0, 300).mapToObj(i -> DnsName.of("app" + i + "." + ZONE)).toList();

        p.track(hosts);
        p.awaitFirstAnswers(hosts, Duration.ofSeconds(10));

        assertThat(hosts).allSatisfy(h -> assertThat(p.awaitingUntil(h)).isEmpty());
        // Released once the peer was known not to answer, long before most of their own questions had failed.
        assertThat(errors("us-nyc", "timeout")).isLessThan(600 / 2);
    }

    @Test
    void targetsAppearAndChangesAreReported() {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        PeerPoller p = pollNyc(Duration.ofMillis(200), Duration.ofSeconds(30));
        p.track(List.of(APP));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PeerState s = only(p, APP);
            assertThat(s.reachable()).isTrue();
            assertThat(s.targets()).containsExactly("10.0.0.1");
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> changes.get() >= 1);
        int before = changes.get();

        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.2"));
        nyc.set(LOCAL_APP, RecordType.AAAA, List.of("2001:db8::2"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(p, APP).targets()).containsExactly("10.0.0.2", "2001:db8::2"));
        await().atMost(Duration.ofSeconds(2)).until(() -> changes.get() > before);
        assertThat(meters.find("wayfinder_gslb_peer_round_trip").tag("peer", "us-nyc").timer().count()).isPositive();
        assertThat(meters.find("wayfinder_gslb_peer_reachable").tag("peer", "us-nyc").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void aNewlyTrackedHostIsPolledAtOnce() {
        DnsName web = DnsName.of("web." + ZONE);
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        nyc.set("localtargets-web." + ZONE, RecordType.A, List.of("10.0.0.9"));
        PeerPoller p = pollNyc(Duration.ofMinutes(10), Duration.ofSeconds(30));
        p.track(List.of(APP));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(only(p, APP).targets()).containsExactly("10.0.0.1"));

        // The next scheduled poll is ten minutes away.
        p.track(List.of(APP, web));

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(only(p, web).targets()).containsExactly("10.0.0.9"));
        p.track(List.of(web));
        assertThat(p.peers(APP)).containsExactly(new PeerState("us-nyc", List.of(), false, Instant.EPOCH));
    }

    @Test
    void aPeerThatSaysNxdomainIsEmptyAtOnce() {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        PeerPoller p = pollNyc(Duration.ofMillis(200), Duration.ofMinutes(10));
        p.track(List.of(APP));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(p, APP).targets()).containsExactly("10.0.0.1"));

        nyc.set(LOCAL_APP, RecordType.A, List.of());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PeerState s = only(p, APP);
            assertThat(s.reachable()).isTrue();
            assertThat(s.targets()).isEmpty();
        });
        assertThat(errors("us-nyc", "timeout") + errors("us-nyc", "network")).isZero();
    }

    @Test
    void aStoppedPeerKeepsItsTargetsUntilTheGraceRunsOutAndComesBackOnTheSamePort() {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        Duration grace = Duration.ofSeconds(1);
        PeerPoller p = pollNyc(Duration.ofMillis(200), grace);
        p.track(List.of(APP));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(p, APP).reachable()).isTrue());

        nyc.stop();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PeerState s = only(p, APP);
            assertThat(s.reachable()).isFalse();
            assertThat(s.targets()).containsExactly("10.0.0.1");
        });
        Instant lastContact = only(p, APP).lastContact();
        assertThat(lastContact).isAfter(Instant.EPOCH);
        // Nothing else happens, but the grace running out must make the decision be made again.
        await().atMost(Duration.ofSeconds(5)).until(() -> changedAt.stream().anyMatch(t -> !t.isBefore(lastContact.plus(grace))));
        assertThat(only(p, APP).targets()).containsExactly("10.0.0.1");
        assertThat(meters.find("wayfinder_gslb_peer_reachable").tag("peer", "us-nyc").gauge().value()).isZero();
        assertThat(meters.find("wayfinder_gslb_peer_last_contact_age_seconds").tag("peer", "us-nyc").gauge().value()).isPositive();
        assertThat(errors("us-nyc", "network") + errors("us-nyc", "timeout")).isPositive();

        nyc.restart();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PeerState s = only(p, APP);
            assertThat(s.reachable()).isTrue();
            assertThat(s.lastContact()).isAfter(lastContact);
        });
    }

    @Test
    void aPeerWithOneDeadAddressIsReachableAfterAtMostOneTimeout() throws Exception {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        Duration timeout = Duration.ofSeconds(1);
        PeerPoller p = poller(settings(List.of(new PeerAddress("us-nyc", List.of(blackHole(), nyc.address()))), Duration.ofMinutes(10),
                timeout, Duration.ofSeconds(30)));
        long start = System.nanoTime();

        p.track(List.of(APP));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(p, APP).reachable()).isTrue());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(only(p, APP).targets()).containsExactly("10.0.0.1");
        assertThat(took).isLessThan(timeout.multipliedBy(2));
        assertThat(errors("us-nyc", "timeout")).isPositive();
    }

    @Test
    void aDeadPeerDoesNotDelayALiveOne() throws Exception {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        Duration timeout = Duration.ofSeconds(3);
        PeerPoller p = poller(settings(List.of(new PeerAddress("eu-ams", List.of(blackHole())), new PeerAddress("us-nyc",
                List.of(nyc.address()))), Duration.ofMinutes(10), timeout, Duration.ofSeconds(30)));
        long start = System.nanoTime();

        p.track(List.of(APP));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(p.peers(APP))
                .anySatisfy(s -> assertThat(s).extracting(PeerState::geoTag, PeerState::reachable).containsExactly("us-nyc", true)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout);
        assertThat(p.peers(APP)).extracting(PeerState::geoTag).containsExactly("eu-ams", "us-nyc");
        await().atMost(Duration.ofSeconds(6)).until(() -> errors("eu-ams", "timeout") > 0);
        assertThat(p.peers(APP).get(0).reachable()).isFalse();
    }

    @Test
    void aTruncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
        List<String> many = IntStream.rangeClosed(1, 60).mapToObj(i -> "2001:db8::" + Integer.toHexString(i)).toList();
        nyc.set(LOCAL_APP, RecordType.AAAA, many);
        SimpleResolver udp = new SimpleResolver(nyc.address());
        udp.setIgnoreTruncation(true);
        Message viaUdp = udp.send(Message.newQuery(Record.newRecord(Name.fromString(LOCAL_APP + "."), Type.AAAA, DClass.IN)));
        assertThat(viaUdp.getHeader().getFlag(Flags.TC)).as("the UDP answer must be truncated for this test to mean anything").isTrue();

        PeerPoller p = pollNyc(Duration.ofMinutes(10), Duration.ofSeconds(30));
        p.track(List.of(APP));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(p, APP).targets()).hasSize(60).containsAll(many));
    }

    @Test
    void aRefusedQuestionMakesThePeerUnreachable() {
        // This peer serves another zone only, so it refuses questions about ours.
        TestNameserver other = closeLater(TestNameserver.start("other.example"));
        PeerPoller p = poller(settings(List.of(new PeerAddress("us-nyc", List.of(other.address()))), Duration.ofMillis(200),
                Duration.ofMillis(500), Duration.ofSeconds(30)));

        p.track(List.of(APP));

        await().atMost(Duration.ofSeconds(5)).until(() -> errors("us-nyc", "refused") + errors("us-nyc", "servfail") > 0);
        assertThat(only(p, APP).reachable()).isFalse();
    }

    /** A UDP peer that answers every question with a header promising a record that never comes. */
    private InetSocketAddress garbage() throws Exception {
        DatagramSocket s = closeLater(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        Thread t = new Thread(() -> {
            byte[] buf = new byte[512];
            while (!s.isClosed()) {
                try {
                    DatagramPacket q = new DatagramPacket(buf, buf.length);
                    s.receive(q);
                    byte[] reply = {buf[0], buf[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 3, 'b', 'a', 'd'};
                    s.send(new DatagramPacket(reply, reply.length, q.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }, "garbage-peer");
        t.setDaemon(true);
        t.start();
        return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }

    @Test
    void aMalformedReplyMakesThePeerUnreachableAndIsCounted() throws Exception {
        PeerPoller p = poller(settings(List.of(new PeerAddress("us-nyc", List.of(garbage()))), Duration.ofMillis(200),
                Duration.ofMillis(500), Duration.ofSeconds(30)));

        p.track(List.of(APP));

        await().atMost(Duration.ofSeconds(5)).until(() -> errors("us-nyc", "malformed") > 0);
        assertThat(only(p, APP).reachable()).isFalse();
    }

    @Test
    void afterCloseNothingIsPolledOrReported() {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        PeerPoller p = pollNyc(Duration.ofMillis(100), Duration.ofMillis(200));
        p.track(List.of(APP));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(p, APP).reachable()).isTrue());

        p.close();
        int before = changes.get();
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.2"));
        nyc.stop();

        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> changes.get() == before);
        assertThat(only(p, APP).targets()).containsExactly("10.0.0.1");
    }

    @Test
    void manyHostsAreAllPolledPromptly() {
        List<DnsName> hosts = IntStream.range(0, 300).mapToObj(i -> DnsName.of("app" + i + "." + ZONE)).toList();
        for (int i = 0; i < hosts.size(); i++) {
            nyc.set("localtargets-" + hosts.get(i), RecordType.A, List.of("10.0." + (i / 250) + "." + (i % 250 + 1)));
        }
        // A generous timeout: this machine's two cores serve and ask at once.
        PeerPoller p = poller(settings(List.of(new PeerAddress("us-nyc", List.of(nyc.address()))), Duration.ofMinutes(10),
                Duration.ofSeconds(2), Duration.ofSeconds(30)));
        long start = System.nanoTime();

        p.track(hosts);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hosts.stream().filter(h -> !only(p, h).reachable()).count())
                .as("unreachable; errors: timeout %s network %s malformed %s", errors("us-nyc", "timeout"), errors("us-nyc", "network"),
                        errors("us-nyc", "malformed")).isZero());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(only(p, hosts.get(299)).targets()).containsExactly("10.0.1.50");
        // 600 questions, at most QUESTIONS_IN_FLIGHT at once, to a nameserver on this machine.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        LoggerFactory.getLogger(PeerPollerTest.class).info("300 hosts polled in {} ms", took.toMillis());
    }

    @Test
    void aPeerGivenByHostNameIsAskedAtEveryAddressTheNameHas() {
        nyc.set(LOCAL_APP, RecordType.A, List.of("10.0.0.1"));
        // "localhost" may also mean ::1, where nothing listens: one answering address is enough.
        InetSocketAddress byName = GslbSettings.hostPort("localhost:" + nyc.address().getPort(), 53);
        PeerPoller p = poller(settings(List.of(new PeerAddress("us-nyc", List.of(byName))),
                Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30)));

        p.track(List.of(APP));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(only(p, APP).targets()).containsExactly("10.0.0.1"));
    }
}
