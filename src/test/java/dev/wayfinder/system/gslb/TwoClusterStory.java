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
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.Type;

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
    /** Weighted 80:20 over clusters of several addresses and both families (us-buf 3 IPv4 + 1 IPv6, us-nyc 1 IPv4 + 2 IPv6). */
    static final String MIX_HOST = "mix.gb.foowidgets.k8s";
    static final Map<String, String> MIX_TARGETS = Map.of(ClusterPair.BUF, "10.2.1.167,10.2.1.168,10.2.1.169,2001:db8:b::1",
            ClusterPair.NYC, "10.2.1.98,2001:db8:a::1,2001:db8:a::2");
    /** Round robin over five addresses (us-buf 3, us-nyc 2). */
    static final String RR_HOST = "rr.gb.foowidgets.k8s";
    static final Map<String, String> RR_TARGETS = Map.of(ClusterPair.BUF, "10.2.1.167,10.2.1.170,10.2.1.171",
            ClusterPair.NYC, "10.2.1.98,10.2.1.99");
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
            c.publishGslb(gslb("test-gslb-mix", MIX_HOST, "type: roundRobin, weight: {us-buf: 80, us-nyc: 20}", MIX_TARGETS.get(c.geoTag())),
                    "mix-backend");
            c.publishGslb(gslb("test-gslb-rr", RR_HOST, "type: roundRobin", RR_TARGETS.get(c.geoTag())), "rr-backend");
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

    /** Both servers shuffle a round-robin answer per query (CoreDNS through the Corefile's loadbalance plugin). */
    @Test
    void aRoundRobinAnswerComesInManyOrders() {
        healthy();
        List<String> all = List.of("10.2.1.167", "10.2.1.170", "10.2.1.171", "10.2.1.98", "10.2.1.99");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(digBuf.a(RR_HOST)).isEqualTo(Answer.of(all));
            assertThat(digNyc.a(RR_HOST)).isEqualTo(Answer.of(all));
        });
        for (Dig dig : List.of(digBuf, digNyc)) {
            Set<List<String>> orders = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                dig.inOrder(RR_HOST, Type.A).ifPresent(orders::add);
            }
            // 5! = 120 orders; unshuffled, there would be one.
            assertThat(orders).as("distinct orders from " + dig.server()).hasSizeGreaterThan(30)
                    .allSatisfy(o -> assertThat(o).containsExactlyInAnyOrderElementsOf(all));
        }
    }

    /**
     * A Gslb as a k8gb user writes it, with this cluster's addresses given by annotation (several, either family), on a
     * backend of its own ({@code <name>-backend}, without the test-gslb- prefix).
     */
    static String gslb(String name, String host, String strategy, String exposed) {
        return """
                apiVersion: k8gb.io/v1beta1
                kind: Gslb
                metadata:
                  name: %s
                  namespace: test-gslb
                  annotations: {k8gb.io/exposed-ip-addresses: "%s"}
                spec:
                  ingress:
                    ingressClassName: nginx
                    rules:
                      - host: %s
                        http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: %s, port: {name: http}}}}]}
                  strategy: {%s, dnsTtlSeconds: 30}
                """.formatted(name, exposed, host, name.replace("test-gslb-", "") + "-backend", strategy);
    }

    /** The Gslb's condition {@code type} in {@code cluster}'s API, once it is there. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> condition(SimulatedCluster cluster, String gslb, String type) {
        return await(gslb + " " + type + " in " + cluster.geoTag()).atMost(Duration.ofSeconds(10)).until(() -> {
            // The seed's failover Gslb is in k8gb's legacy group, the others in k8gb.io.
            String group = gslb.equals(Seed.GSLB_NAME) ? "k8gb.absa.oss/v1beta1" : "k8gb.io/v1beta1";
            GenericKubernetesResource g = cluster.kube().genericKubernetesResources(group, "Gslb").inNamespace(Seed.GSLB_NAMESPACE)
                    .withName(gslb).get();
            Object status = g == null ? null : g.getAdditionalProperties().get("status");
            if (!(status instanceof Map<?, ?> m) || !(m.get("conditions") instanceof List<?> list)) {
                return null;
            }
            return list.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
        }, java.util.Objects::nonNull);
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
