package dev.wayfinder.gslb.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.gslb.settings.PushSettings;
import dev.wayfinder.gslb.strategy.ServingDns;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.TSIG;

/** What the sender announces after a pass, and how it fares against a real listener: acknowledged, refused by a standby, bad key. */
class NotifySenderTest {

    static final DnsName ZONE = NotifyListenerTest.ZONE;
    static final DnsName FE = NotifyListenerTest.FE;
    static final DnsName OTHER_ZONE = DnsName.of("apps.example.org");

    private final SimpleMeterRegistry senderMeters = new SimpleMeterRegistry();
    private final SimpleMeterRegistry receiverMeters = new SimpleMeterRegistry();
    /** The receiving cluster (us-nyc) hears from us-buf and tracks fe. */
    private final FakePeers receiving = new FakePeers(List.of("us-buf"), Set.of(FE));
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    static Endpoint a(String name, String... targets) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of(targets), 30, "", Metadata.owned("us-buf", "gslb/test-gslb/fe"));
    }

    static List<DnsName> hosts(int n, String zone) {
        return IntStream.range(0, n).mapToObj(i -> DnsName.of("h" + i + "." + zone)).toList();
    }

    @Test
    void theHostsOfTheLocalTargetsRecordsAPassCreatedChangedOrDeleted() {
        Changes applied = new Changes(List.of(a("localtargets-fe.gb.foowidgets.k8s", "10.2.1.167"), a("fe.gb.foowidgets.k8s", "10.2.1.167")),
                List.of(new Update(a("localtargets-api.gb.foowidgets.k8s", "10.2.1.1"), a("localtargets-api.gb.foowidgets.k8s", "10.2.1.2"))),
                List.of(a("localtargets-web.gb.foowidgets.k8s", "10.2.1.3"), a("nginx.foowidgets.k8s", "172.18.200.101")));

        assertThat(NotifySender.localTargetHosts(applied)).containsExactly(FE, DnsName.of("api.gb.foowidgets.k8s"),
                DnsName.of("web.gb.foowidgets.k8s"));
    }

    @Test
    void aFewChangedHostsAreNotifiedOneByOneManyOfAZoneAsTheZoneAndNoneOutsideTheZones() {
        List<DnsName> few = hosts(NotifySender.BULK, "gb.foowidgets.k8s");
        List<DnsName> many = hosts(NotifySender.BULK + 1, "apps.example.org");
        List<DnsName> all = new ArrayList<>(few);
        all.addAll(many);
        all.add(DnsName.of("fe.elsewhere.test"));

        List<PeerNotify> notes = NotifySender.coalesce("us-buf", all, List.of(ZONE, OTHER_ZONE));

        List<PeerNotify> expected = new ArrayList<>(few.stream().map(h -> new PeerNotify("us-buf", h, false)).toList());
        expected.add(new PeerNotify("us-buf", OTHER_ZONE, true));
        assertThat(notes).containsExactlyElementsOf(expected);
    }

    @Test
    void aHostIsCountedUnderTheInnermostZoneItIsIn() {
        DnsName inner = DnsName.of("eu.gb.foowidgets.k8s");
        List<DnsName> underInner = hosts(NotifySender.BULK + 1, "eu.gb.foowidgets.k8s");

        assertThat(NotifySender.coalesce("us-buf", underInner, List.of(ZONE, inner))).containsExactly(new PeerNotify("us-buf", inner, true));
    }

    private NotifyListener receiver(boolean leading) {
        NotifyListener l = NotifyListener.start(new InetSocketAddress("127.0.0.1", 0), NotifyListenerTest.KEY, receiving, List.of(ZONE),
                () -> leading, receiverMeters);
        closing.add(l);
        return l;
    }

    /** us-buf's sender, telling us-nyc at {@code target}. */
    private NotifySender sender(InetSocketAddress target, TSIG key) {
        PushSettings push = new PushSettings(true, Optional.empty(), Map.of("us-nyc", List.of(target)));
        GslbSettings settings = new GslbSettings("us-buf", List.of(ZONE), List.of(), List.of(), List.of(), Optional.empty(), List.of(),
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30), 30, Map.of(), "gslb-ns-", ServingDns.COREDNS,
                GslbSettings.DNS_PORT, push);
        FakePeers sending = new FakePeers(List.of("us-nyc"), Set.of(FE));
        NotifySender s = new NotifySender(settings, sending, key, senderMeters);
        closing.add(s);
        return s;
    }

    private static double count(SimpleMeterRegistry meters, String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aChangedLocalTargetsRecordIsAcknowledgedByThePeerWhichAsksUsAboutThatHost() {
        NotifyListener nyc = receiver(true);
        NotifySender buf = sender(nyc.address(), NotifyListenerTest.KEY);

        buf.applied(Changes.delete(a("localtargets-fe.gb.foowidgets.k8s", "10.2.1.167")));

        await().atMost(Duration.ofSeconds(5)).until(() -> count(senderMeters, "wayfinder_gslb_notify_sent_total", "peer", "us-nyc") == 1);
        // Then asked again while the (fake) answer stays the same: the follow-ups PushedPollsTest covers.
        assertThat(receiving.asked).first().isEqualTo(new FakePeers.Asked("us-buf", Set.of(FE)));
        assertThat(count(receiverMeters, "wayfinder_gslb_notify_received_total", "peer", "us-buf")).isEqualTo(1);
    }

    @Test
    void aPassWithoutLocalTargetsChangesSendsNothing() {
        NotifyListener nyc = receiver(true);
        NotifySender buf = sender(nyc.address(), NotifyListenerTest.KEY);

        buf.applied(Changes.create(a("fe.gb.foowidgets.k8s", "10.2.1.98")));
        buf.applied(Changes.create(a("localtargets-fe.gb.foowidgets.k8s", "10.2.1.167")));

        await().atMost(Duration.ofSeconds(5)).until(() -> count(senderMeters, "wayfinder_gslb_notify_sent_total", "peer", "us-nyc") == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> count(receiverMeters, "wayfinder_gslb_notify_received_total", "peer", "us-buf") == 1);
    }

    @Test
    void aStandbyRefusesEveryAttemptSoTheNotifyIsCountedUndelivered() {
        NotifyListener standby = receiver(false);
        NotifySender buf = sender(standby.address(), NotifyListenerTest.KEY);

        buf.applied(Changes.delete(a("localtargets-fe.gb.foowidgets.k8s", "10.2.1.167")));

        await().atMost(Duration.ofSeconds(5)).until(() -> count(senderMeters, "wayfinder_gslb_notify_send_failures_total",
                "peer", "us-nyc", "reason", "refused") == 1);
        assertThat(count(receiverMeters, "wayfinder_gslb_notify_refused_total", "reason", "standby")).isEqualTo(NotifySender.ATTEMPTS);
        assertThat(receiving.asked).isEmpty();
    }

    @Test
    void aPeerWithAnotherKeyAnswersNotauthAndIsNotAskedAgain() {
        NotifyListener nyc = receiver(true);
        NotifySender buf = sender(nyc.address(), NotifyListenerTest.key("gslb-notify.", "b3RoZXItc2VjcmV0"));

        buf.applied(Changes.delete(a("localtargets-fe.gb.foowidgets.k8s", "10.2.1.167")));

        await().atMost(Duration.ofSeconds(5)).until(() -> count(senderMeters, "wayfinder_gslb_notify_send_failures_total",
                "peer", "us-nyc", "reason", "notauth") == 1);
        assertThat(count(receiverMeters, "wayfinder_gslb_notify_refused_total", "reason", "bad_signature")).isEqualTo(1);
    }

    @Test
    void aSilentPeerIsTriedAgainAfterEachTimeoutThenCountedUndelivered() throws Exception {
        java.net.DatagramSocket blackHole = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        closing.add(blackHole);
        NotifySender buf = sender(new InetSocketAddress("127.0.0.1", blackHole.getLocalPort()), NotifyListenerTest.KEY);

        buf.applied(Changes.delete(a("localtargets-fe.gb.foowidgets.k8s", "10.2.1.167")));

        await().atMost(Duration.ofSeconds(10)).until(() -> count(senderMeters, "wayfinder_gslb_notify_send_failures_total",
                "peer", "us-nyc", "reason", "timeout") == 1);
    }
}
