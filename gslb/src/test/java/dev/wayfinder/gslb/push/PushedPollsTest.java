package dev.wayfinder.gslb.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.DnsName;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How accepted NOTIFYs become polls: one at a time per peer, deduplicated, collapsed past the limit, followed up while unchanged. */
class PushedPollsTest {

    static final DnsName ZONE = DnsName.of("gb.foowidgets.k8s");
    static final DnsName FE = DnsName.of("fe.gb.foowidgets.k8s");
    static final Set<DnsName> MANY = IntStream.range(0, PushedPolls.PENDING_LIMIT + 200)
            .mapToObj(i -> DnsName.of("h" + i + ".gb.foowidgets.k8s")).collect(Collectors.toSet());

    private final FakePeers peers = new FakePeers(List.of("us-buf", "eu-ams"), union(MANY, Set.of(FE)));
    /** Follow-ups far off, so only the tests about them see any. */
    private final PushedPolls polls = new PushedPolls(peers, List.of(Duration.ofMinutes(5)));

    @AfterEach
    void close() {
        peers.release();
        polls.close();
    }

    static Set<DnsName> union(Set<DnsName> a, Set<DnsName> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }

    @Test
    void aFloodOfNotifiesCostsOnePollInFlightThenOneOfEveryHost() {
        peers.says("us-buf", FE, "10.2.1.167");
        peers.hold();
        polls.notified(new PeerNotify("us-buf", FE, false));

        MANY.forEach(h -> polls.notified(new PeerNotify("us-buf", h, false)));

        assertThat(peers.asked).as("one pushed poll at a time per peer").containsExactly(new FakePeers.Asked("us-buf", Set.of(FE)));
        peers.release();
        assertThat(peers.asked).hasSize(2);
        assertThat(peers.asked.get(1)).as("past the limit the waiting hosts collapse into one poll of every host")
                .isEqualTo(new FakePeers.Asked("us-buf", peers.tracked()));
    }

    @Test
    void aHostNotifiedManyTimesWhileAPollRunsIsAskedOnceMore() {
        peers.says("us-buf", FE, "10.2.1.167");
        peers.hold();
        polls.notified(new PeerNotify("us-buf", FE, false));
        for (int i = 0; i < 10; i++) {
            polls.notified(new PeerNotify("us-buf", FE, false));
        }

        peers.says("us-buf", FE, "10.2.1.98"); // the first pushed poll sees the change
        peers.release();

        assertThat(peers.asked).containsExactly(new FakePeers.Asked("us-buf", Set.of(FE)), new FakePeers.Asked("us-buf", Set.of(FE)));
    }

    @Test
    void eachPeerHasItsOwnPollInFlight() {
        peers.hold();
        polls.notified(new PeerNotify("us-buf", FE, false));
        polls.notified(new PeerNotify("eu-ams", FE, false));

        assertThat(peers.asked).containsExactly(new FakePeers.Asked("us-buf", Set.of(FE)), new FakePeers.Asked("eu-ams", Set.of(FE)));
    }

    @Test
    void whileThePeersAnswerIsUnchangedTheHostIsAskedAgainAFewTimesThenLeftToPolling() {
        peers.says("us-buf", FE, "10.2.1.167");
        PushedPolls polls = new PushedPolls(peers);

        polls.notified(new PeerNotify("us-buf", FE, false));

        int expected = 1 + PushedPolls.FOLLOW_UPS.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> peers.asked.size() == expected);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> peers.asked.size() == expected);
        assertThat(peers.asked).allMatch(a -> a.equals(new FakePeers.Asked("us-buf", Set.of(FE))));
        polls.close();
    }

    @Test
    void onceTheAnswerChangedThereIsNoFollowUp() {
        peers.says("us-buf", FE, "10.2.1.167");
        PushedPolls polls = new PushedPolls(peers);
        peers.hold();
        polls.notified(new PeerNotify("us-buf", FE, false));
        peers.says("us-buf", FE, "10.2.1.98");

        peers.release();

        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> peers.asked.size() == 1);
        polls.close();
    }

    @Test
    void aHostThisClusterDoesNotTrackIsNotAsked() {
        polls.notified(new PeerNotify("us-buf", DnsName.of("other.gb.foowidgets.k8s"), false));
        polls.notified(new PeerNotify("us-buf", DnsName.of("example.org"), true));

        assertThat(peers.asked).isEmpty();
    }

    @Test
    void aZoneNotifyAsksAboutTheTrackedHostsUnderThatZone() {
        polls.notified(new PeerNotify("eu-ams", ZONE, true));

        assertThat(peers.asked.get(0)).isEqualTo(new FakePeers.Asked("eu-ams", peers.tracked()));
    }
}
