package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.ClusterSpec;
import dev.wayfinder.demo.cluster.Progress;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.Dig;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cross-cluster failover by push, told once per DNS server: two simulated clusters (CRUD mock API, a real etcd each, the
 * controller, the DNS server the subclass names) whose controllers tell each other of a change of their
 * {@code localtargets-} records by a TSIG-signed NOTIFY. Peers are polled only every {@link #POLL} — after the first poll
 * of each host, no scheduled poll falls within a test — so when the other cluster's DNS switches within seconds, the
 * NOTIFY is what told it (the counters say so too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PushFailoverStory {

    static final Duration POLL = Duration.ofMinutes(5);
    /** Well within one poll interval, and generous for a loaded machine: the benchmark measures the real figure. */
    static final Duration SWITCH = Duration.ofSeconds(5);
    static final ClusterSpec.Timings TIMINGS = new ClusterSpec.Timings(POLL, Duration.ofMillis(500), Duration.ofMinutes(10));
    static final Answer BUF = Answer.of(ClusterPair.BUF_IP);
    static final Answer NYC = Answer.of(ClusterPair.NYC_IP);

    ClusterPair pair;
    Dig digBuf;
    Dig digNyc;

    /** The server each cluster runs over its etcd. */
    abstract ClusterDns dns();

    @BeforeAll
    void startTwoClustersWithPush() throws Exception {
        pair = ClusterPair.start(TIMINGS, SimulatedCluster.Store.ETCD, dns(), true, Progress.SILENT);
        for (SimulatedCluster c : pair.both()) {
            c.publishGslb(Seed.manifest(Seed.FAILOVER));
        }
        digBuf = new Dig(pair.buf().dnsAddress(), Duration.ofMillis(500));
        digNyc = new Dig(pair.nyc().dnsAddress(), Duration.ofMillis(500));
        // A newly published host is polled at once: both learn each other's targets without waiting for the schedule.
        awaitBoth(BUF, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() {
        if (digBuf != null) {
            digBuf.close();
            digNyc.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void thePrimaryGoingUnreadyIsPushedToTheOtherClusterWhichFailsOverWithinSeconds() {
        healthy();
        double notified = pair.nyc().notifiesReceived(ClusterPair.BUF);

        pair.buf().setReady(false);

        awaitBoth(NYC, SWITCH);
        assertThat(pair.nyc().notifiesReceived(ClusterPair.BUF)).as("us-nyc heard of it by NOTIFY").isGreaterThan(notified);
        assertThat(pair.buf().notifiesSent(ClusterPair.NYC)).as("us-buf's NOTIFYs acknowledged").isPositive();
        healthy();
    }

    @Test
    void thePrimaryReadyAgainIsPushedTooAndBothFailBackWithinSeconds() {
        pair.buf().setReady(false);
        awaitBoth(NYC, SWITCH);
        double notified = pair.nyc().notifiesReceived(ClusterPair.BUF);

        pair.buf().setReady(true);

        awaitBoth(BUF, SWITCH);
        assertThat(pair.nyc().notifiesReceived(ClusterPair.BUF)).isGreaterThan(notified);
    }

    /** us-buf's backend is ready and both clusters answer us-buf's target: the state each test starts from. */
    void healthy() {
        pair.buf().setReady(true);
        pair.nyc().setReady(true);
        awaitBoth(BUF, SWITCH);
    }

    void awaitBoth(Answer expected, Duration limit) {
        await(Seed.GSLB_HOST + " → " + expected + " on both clusters").atMost(limit).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(digBuf.a(Seed.GSLB_HOST)).as(ClusterPair.BUF).isEqualTo(expected);
            assertThat(digNyc.a(Seed.GSLB_HOST)).as(ClusterPair.NYC).isEqualTo(expected);
        });
    }
}
