package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.ClusterSpec;
import dev.wayfinder.demo.cluster.Progress;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.Dig;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's two-cluster story end to end, told once per DNS server: two simulated clusters (CRUD mock
 * API, a real etcd each, the controller through its composition root, and the DNS server the subclass
 * names, over UDP), each the other's GSLB peer — each controller polls the other cluster's DNS server for
 * {@code localtargets-<host>} — with the seed's manifests unchanged. Short GSLB timings (poll 300 ms,
 * grace 3 s) keep the peer-outage case quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoClusterStory {

    static final Duration GRACE = Duration.ofSeconds(3);
    static final ClusterSpec.Timings TIMINGS = new ClusterSpec.Timings(Duration.ofMillis(300), Duration.ofMillis(250), GRACE);
    static final Answer BUF = Answer.of(ClusterPair.BUF_IP);
    static final Answer NYC = Answer.of(ClusterPair.NYC_IP);
    static final Answer BOTH = Answer.of(ClusterPair.BUF_IP, ClusterPair.NYC_IP);
    static final String WRR_HOST = "wrr.gb.foowidgets.k8s";
    static final String GEO_HOST = "geo.gb.foowidgets.k8s";
    static final ObjectMapper JSON = new ObjectMapper();

    ClusterPair pair;
    Dig digBuf;
    Dig digNyc;

    /** The server each cluster runs over its etcd. */
    abstract ClusterDns dns();

    @BeforeAll
    void startTwoClusters() throws Exception {
        // Real etcd: without its binary (Debian package etcd-server) or Docker this fails saying what to install.
        pair = ClusterPair.start(TIMINGS, SimulatedCluster.Store.ETCD, dns(), Progress.SILENT);
        for (SimulatedCluster c : pair.both()) {
            c.publishGslb(Seed.manifest(Seed.FAILOVER));
            c.publishGslb(Seed.manifest(Seed.WEIGHTED));
            c.publishGslb(Seed.manifest(Seed.GEOIP));
        }
        digBuf = new Dig(pair.buf().dnsAddress(), Duration.ofMillis(500));
        digNyc = new Dig(pair.nyc().dnsAddress(), Duration.ofMillis(500));
        awaitBoth(Seed.GSLB_HOST, BUF, Duration.ofSeconds(20));
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
    void failoverWhenThePrimarysEndpointsAreNotReadyBothClustersAnswerTheSecondary() {
        healthy();
        pair.buf().setReady(false);
        awaitBoth(Seed.GSLB_HOST, NYC, Duration.ofSeconds(10));
        healthy();
    }

    @Test
    void failbackWhenThePrimaryIsReadyAgainBothClustersAnswerItAgain() {
        pair.buf().setReady(false);
        awaitBoth(Seed.GSLB_HOST, NYC, Duration.ofSeconds(10));
        pair.buf().setReady(true);
        awaitBoth(Seed.GSLB_HOST, BUF, Duration.ofSeconds(10));
    }

    /**
     * us-nyc's DNS server stops: us-buf keeps us-nyc's last-known target for the grace, then drops it, and takes it
     * back once us-nyc answers again. Seen on the geoip Gslb through a client in neither region, which both servers
     * answer with every healthy target.
     */
    @Test
    void anUnreachablePeerKeepsItsLastKnownTargetsForTheGraceThenLosesThemAndComesBack() {
        healthy();
        await().atMost(Duration.ofSeconds(10)).until(() -> digBuf.a(GEO_HOST).equals(BOTH));

        pair.nyc().stopDns();
        try {
            await("us-nyc's last-known target kept during the grace").during(GRACE.minusMillis(1500)).atMost(GRACE)
                    .until(() -> digBuf.a(GEO_HOST).equals(BOTH));
            await("us-nyc's target dropped after the grace").atMost(GRACE.plusSeconds(5))
                    .until(() -> digBuf.a(GEO_HOST).equals(BUF));
        } finally {
            pair.nyc().startDns();
        }
        await("us-nyc's target back once it answers again").atMost(Duration.ofSeconds(5))
                .until(() -> digBuf.a(GEO_HOST).equals(BOTH));
    }

    @Test
    void theRecordsInEtcdAreInStockCoreDnsFormat() throws Exception {
        healthy();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertCoreDnsRecords(pair.buf(), "/skydns/k8s/foowidgets/gb/fe/", ClusterPair.BUF_IP);
            assertCoreDnsRecords(pair.buf(), "/skydns/k8s/foowidgets/gb/localtargets-fe/", ClusterPair.BUF_IP);
            // us-nyc answers the primary's target, and lists only its own among its local targets.
            assertCoreDnsRecords(pair.nyc(), "/skydns/k8s/foowidgets/gb/fe/", ClusterPair.BUF_IP);
            assertCoreDnsRecords(pair.nyc(), "/skydns/k8s/foowidgets/gb/localtargets-fe/", ClusterPair.NYC_IP);
        });
        // The annotated Service is a plain record beside them.
        pair.buf().publishNginx(Seed.NGINX_IP);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertCoreDnsRecords(pair.buf(), "/skydns/k8s/foowidgets/nginx/", Seed.NGINX_IP));
    }

    /**
     * One key per target directly under the name's path (the leaf CoreDNS strips), whose JSON has the
     * target as {@code host}, an explicit {@code ttl}, and only values of the types CoreDNS's
     * {@code msg.Service} decodes for the fields it knows (a wrong type would make it skip the key).
     */
    static void assertCoreDnsRecords(SimulatedCluster cluster, String namePath, String... hosts) throws Exception {
        List<KeyValue> kvs = cluster.etcd().orElseThrow().getKVClient()
                .get(bytes(namePath), GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs();
        assertThat(kvs).as(cluster.geoTag() + " " + namePath).hasSize(hosts.length);
        List<String> seen = new ArrayList<>();
        for (KeyValue kv : kvs) {
            String key = kv.getKey().toString(StandardCharsets.UTF_8);
            assertThat(key.substring(namePath.length())).as(key).matches("[^/]+");
            JsonNode json = JSON.readTree(kv.getValue().toString(StandardCharsets.UTF_8));
            for (String text : List.of("host", "text", "group")) {
                assertThat(json.path(text).isMissingNode() || json.get(text).isTextual()).as(key + " " + text).isTrue();
            }
            for (String number : List.of("port", "priority", "weight", "ttl", "targetstrip")) {
                assertThat(json.path(number).isMissingNode() || json.get(number).canConvertToLong()).as(key + " " + number).isTrue();
            }
            assertThat(json.path("mail").isMissingNode() || json.get("mail").isBoolean()).as(key + " mail").isTrue();
            assertThat(json.path("ttl").asLong()).as(key + " ttl").isPositive();
            seen.add(json.get("host").asText());
        }
        assertThat(seen).containsExactlyInAnyOrder(hosts);
    }

    /** us-buf's backend is ready and both clusters answer us-buf's target: the state each test starts from. */
    void healthy() {
        pair.buf().setReady(true);
        pair.nyc().setReady(true);
        awaitBoth(Seed.GSLB_HOST, BUF, Duration.ofSeconds(10));
    }

    void awaitBoth(String name, Answer expected, Duration limit) {
        await(name + " → " + expected + " on both clusters").atMost(limit).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(digBuf.a(name)).as(ClusterPair.BUF).isEqualTo(expected);
            assertThat(digNyc.a(name)).as(ClusterPair.NYC).isEqualTo(expected);
        });
    }

    /** A client address in {@code block} (a CIDR), for EDNS Client Subnet. */
    static Optional<InetAddress> client(String block) {
        try {
            return Optional.of(InetAddress.getByName(block.substring(0, block.indexOf('/'))));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(block, e);
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
