package dev.wayfinder.server.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.PreparedChoice;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Query-time answers of balanced names, over data as the GSLB module writes it: one record per target with the
 * cluster as set identifier and geo tag, the cluster's weight, and the name's strategy.
 */
class GslbPolicyTest {

    private static final GeoMap GEO = GeoMap.parse(List.of("10.1.0.0/16=us-buf", "10.2.0.0/16=us-nyc", "10.1.5.0/24=eu-ams"));
    private static final ZoneSnapshot DATA = Fixtures.snapshot(data());

    private static Map<String, String> data() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("/skydns/test/skydns/plain/a", "{\"host\":\"10.0.0.1\"}");
        d.put("/skydns/test/skydns/plain/b", "{\"host\":\"10.0.0.2\"}");
        // us-buf: three IPv4 addresses and one IPv6, weight 80; us-nyc: one IPv4, weight 20; eu-ams: IPv6 only, weight 50.
        gslb(d, "wrr", "weightRoundRobin", "us-buf", 80, "192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8::1");
        gslb(d, "wrr", "weightRoundRobin", "us-nyc", 20, "198.51.100.1");
        gslb(d, "wrr", "weightRoundRobin", "eu-ams", 50, "2001:db8::2");
        gslb(d, "zero", "weightRoundRobin", "us-buf", 0, "192.0.2.1");
        gslb(d, "zero", "weightRoundRobin", "us-nyc", 0, "198.51.100.1");
        gslb(d, "geo", "geoip", "us-buf", -1, "192.0.2.1", "192.0.2.2");
        gslb(d, "geo", "geoip", "us-nyc", -1, "198.51.100.1");
        gslb(d, "rr", "roundRobin", "us-buf", -1, "192.0.2.1", "192.0.2.2", "192.0.2.3");
        gslb(d, "rr", "roundRobin", "us-nyc", -1, "198.51.100.1", "198.51.100.2");
        gslb(d, "v4only", "roundRobin", "us-buf", -1, "192.0.2.1");
        return d;
    }

    /** What GslbRecords writes for one cluster of one name ({@code weight} < 0: none). */
    private static void gslb(Map<String, String> d, String name, String strategy, String cluster, int weight, String... targets) {
        for (String t : targets) {
            String leaf = Integer.toHexString((cluster + t).hashCode());
            d.put("/skydns/test/skydns/" + name + "/" + leaf, "{\"host\":\"" + t + "\",\"ttl\":30,\"targetstrip\":1,\"setIdentifier\":\""
                    + cluster + "\",\"geoTag\":\"" + cluster + "\"" + (weight >= 0 ? ",\"lbWeight\":" + weight : "")
                    + ",\"lbStrategy\":\"" + strategy + "\"}");
        }
    }

    private static Answerer answerer(Random random) {
        return new Answerer(Fixtures.ZONES, SkyDnsKeys.defaults(), Upstream.NONE, new GslbPolicy(GEO, random::nextDouble), Fixtures.CLOCK);
    }

    private static Answerer answerer(double... draws) {
        AtomicInteger i = new AtomicInteger();
        return new Answerer(Fixtures.ZONES, SkyDnsKeys.defaults(), Upstream.NONE,
                new GslbPolicy(GEO, () -> draws[i.getAndIncrement() % draws.length]), Fixtures.CLOCK);
    }

    private static Message ask(Answerer a, String name, int type, String client) throws Exception {
        return a.answer(DATA, Fixtures.query(name, type), InetAddress.getByName(client));
    }

    private static Set<String> targets(Message m) {
        Set<String> out = new HashSet<>();
        Fixtures.lines(m, Section.ANSWER).forEach(l -> out.add(l.substring(l.lastIndexOf(' ') + 1)));
        return out;
    }

    @Test
    void withoutAStrategyTheAnswerIsCoreDnsExactly() throws Exception {
        assertThat(Fixtures.lines(ask(answerer(0.99), "plain.skydns.test", Type.A, "10.1.1.1"), Section.ANSWER))
                .containsExactly("plain.skydns.test. 300 A 10.0.0.1", "plain.skydns.test. 300 A 10.0.0.2");
    }

    @ParameterizedTest(name = "{0} {1}, draw {2} → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # name | type | draw  | the whole answer: one cluster's records of the asked type
            wrr    | A    | 0.0   | 192.0.2.1 192.0.2.2 192.0.2.3
            wrr    | A    | 0.79  | 192.0.2.1 192.0.2.2 192.0.2.3
            wrr    | A    | 0.81  | 198.51.100.1
            wrr    | AAAA | 0.0   | 2001:db8::2
            wrr    | AAAA | 0.38  | 2001:db8::2
            wrr    | AAAA | 0.39  | 2001:db8::1
            wrr    | AAAA | 0.99  | 2001:db8::1
            zero   | A    | 0.5   | 192.0.2.1 198.51.100.1
            rr     | A    | 0.5   | 192.0.2.1 192.0.2.2 192.0.2.3 198.51.100.1 198.51.100.2
            """)
    void aWeightedPickIsOneClusterOfTheAskedFamilyByItsWeight(String name, String type, double draw, String expected) throws Exception {
        // The first draw picks the cluster, in the order of their names: for A us-buf 80 then us-nyc 20; for AAAA eu-ams 50
        // then us-buf 80 of 130 (eu-ams has only IPv6, us-nyc only IPv4). The rest shuffle. All weights 0: every cluster.
        Message m = ask(answerer(draw), name + ".skydns.test", Type.value(type), "203.0.113.9");
        assertThat(targets(m)).containsExactlyInAnyOrder(expected.split(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"A", "AAAA"})
    void weightsArePerClusterOverTenThousandQueriesAndNoAnswerIsEmpty(String type) throws Exception {
        Answerer a = answerer(new Random(13));
        Map<String, Integer> byCluster = new HashMap<>();
        int queries = 10_000;
        for (int i = 0; i < queries; i++) {
            Message m = ask(a, "wrr.skydns.test", Type.value(type), "203.0.113.9");
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            Set<String> got = targets(m);
            assertThat(got).as("query %d", i).isNotEmpty();
            String cluster = got.contains("198.51.100.1") ? "us-nyc" : got.contains("2001:db8::2") ? "eu-ams" : "us-buf";
            byCluster.merge(cluster, 1, Integer::sum);
        }
        if (type.equals("A")) {
            // us-buf has three addresses and us-nyc one: still 80 / 20, by cluster.
            assertThat(100.0 * byCluster.get("us-buf") / queries).isCloseTo(80.0, within(1.5));
            assertThat(100.0 * byCluster.get("us-nyc") / queries).isCloseTo(20.0, within(1.5));
        } else {
            assertThat(100.0 * byCluster.get("us-buf") / queries).isCloseTo(100.0 * 80 / 130, within(1.5));
            assertThat(100.0 * byCluster.get("eu-ams") / queries).isCloseTo(100.0 * 50 / 130, within(1.5));
        }
    }

    @Test
    void aQuestionForAFamilyNoClusterHasIsNodataAsOnCoreDns() throws Exception {
        Message m = ask(answerer(0.3), "v4only.skydns.test", Type.AAAA, "203.0.113.9");
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void geoSteersOnlyGeoipNames() throws Exception {
        Answerer a = answerer(0.5);
        assertThat(targets(ask(a, "geo.skydns.test", Type.A, "10.1.9.9"))).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2");
        assertThat(targets(ask(a, "geo.skydns.test", Type.A, "10.2.0.7"))).containsExactly("198.51.100.1");
        assertThat(targets(ask(a, "geo.skydns.test", Type.A, "172.16.0.1"))).as("a client of no region: every target").hasSize(3);
        assertThat(targets(ask(a, "geo.skydns.test", Type.A, "10.1.5.1"))).as("its region has no cluster: every target").hasSize(3);
        // A roundRobin or weighted name carries geo tags too, but the client's region does not steer it (k8gb's rule).
        assertThat(targets(ask(a, "rr.skydns.test", Type.A, "10.2.0.7"))).hasSize(5);
        assertThat(targets(ask(answerer(0.1), "wrr.skydns.test", Type.A, "10.2.0.7"))).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2", "192.0.2.3");
    }

    @Test
    void theEdnsClientSubnetWinsOverTheSourceAddress() throws Exception {
        Message q = Fixtures.query("geo.skydns.test", Type.A);
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.2.3.0")))), Section.ADDITIONAL);

        Message reply = answerer(0.5).answer(DATA, q, InetAddress.getByName("10.1.1.1"));

        assertThat(targets(reply)).containsExactly("198.51.100.1");
    }

    @Test
    void roundRobinAnswersAreShuffledPerQuery() throws Exception {
        Answerer a = answerer(new Random(5));
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<String> lines = Fixtures.lines(ask(a, "rr.skydns.test", Type.A, "203.0.113.9"), Section.ANSWER);
            assertThat(lines).hasSize(5);
            orders.add(lines);
        }
        // 5! = 120 orders; 200 uniform draws see most of them.
        assertThat(orders.size()).isGreaterThan(60);
    }

    /**
     * The choice prepared ahead (for the prepared answers) gives what select returns, for every strategy, family, client
     * and draw: two policies with random sources in step, one selecting, one picking among the prepared outcomes and
     * then shuffling the picked records with the choice's draws, as the prepared reply's records are shuffled.
     */
    @Test
    void thePreparedChoiceGivesWhatSelectReturns() throws Exception {
        for (String name : List.of("wrr", "zero", "geo", "rr", "v4only")) {
            List<SnapshotEntry> services = entries(name);
            for (int family : new int[] {Type.A, Type.AAAA}) {
                for (String client : List.of("10.1.9.9", "10.2.0.7", "172.16.0.1", "10.1.5.1")) {
                    InetAddress from = InetAddress.getByName(client);
                    for (long seed = 0; seed < 50; seed++) {
                        List<SnapshotEntry> selected = new GslbPolicy(GEO, new Random(seed)::nextDouble).select(services, family, from);
                        PreparedChoice choice = new GslbPolicy(GEO, new Random(seed)::nextDouble).prepare(services, family).orElseThrow();
                        List<SnapshotEntry> picked = new ArrayList<>(choice.outcomes().get(choice.pick(from)));
                        assertThat(choice.shuffled()).isTrue();
                        for (int i = picked.size() - 1; i > 0; i--) {
                            Collections.swap(picked, i, (int) Math.min(i, Math.floor(choice.draw() * (i + 1))));
                        }
                        assertThat(picked).as("%s %s from %s, seed %d", name, Type.string(family), client, seed).isEqualTo(selected);
                    }
                }
            }
        }
    }

    @Test
    void namesWithoutAStrategyOrMixingPlainRecordsAreNotPrepared() {
        GslbPolicy policy = new GslbPolicy(GEO, () -> 0.5);
        assertThat(policy.isStatic(entries("plain"))).isTrue();
        assertThat(policy.isStatic(entries("rr"))).isFalse();
        List<SnapshotEntry> mixed = new ArrayList<>(entries("rr"));
        mixed.addAll(entries("plain"));
        assertThat(policy.prepare(mixed, Type.A)).as("balanced and plain records under one name").isEmpty();
    }

    /** The entries of one name of {@link #data()}, in key order. */
    private static List<SnapshotEntry> entries(String name) {
        String prefix = "/skydns/test/skydns/" + name + "/";
        return data().entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).sorted(Map.Entry.comparingByKey())
                .map(e -> SnapshotEntry.decode(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8))).toList();
    }

    @Test
    void geoMappingsAreValidated() {
        assertThatThrownBy(() -> GeoMap.parse(List.of("10.0.0.0=eu"))).hasMessageContaining("10.0.0.0=eu").hasMessageContaining("CIDR=TAG");
        assertThatThrownBy(() -> GeoMap.parse(List.of("10.0.0.0/40=eu"))).hasMessageContaining("prefix length 40");
        // a host name is not looked up in DNS: only IP literals make blocks
        assertThatThrownBy(() -> GeoMap.parse(List.of("localhost/8=eu"))).hasMessageContaining("localhost/8=eu").hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> GeoMap.parse(List.of("10.0.0.0/x=eu"))).hasMessageContaining("no numeric prefix length");
        assertThat(GEO.tagOf(null)).isEmpty();
    }
}
