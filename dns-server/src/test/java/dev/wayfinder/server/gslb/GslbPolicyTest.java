package dev.wayfinder.server.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class GslbPolicyTest {

    private static final GeoMap GEO = GeoMap.parse(List.of("10.1.0.0/16=eu", "10.2.0.0/16=us", "10.1.5.0/24=eu-west", "2001:db8::/32=eu"));
    private static final ZoneSnapshot DATA = Fixtures.snapshot(Map.of(
            "/skydns/test/skydns/plain/a", "{\"host\":\"10.0.0.1\"}",
            "/skydns/test/skydns/plain/b", "{\"host\":\"10.0.0.2\"}",
            "/skydns/test/skydns/geo/a", "{\"host\":\"192.0.2.1\",\"geoTag\":\"eu\"}",
            "/skydns/test/skydns/geo/b", "{\"host\":\"192.0.2.2\",\"geoTag\":\"us\"}",
            "/skydns/test/skydns/geo/c", "{\"host\":\"192.0.2.3\",\"geoTag\":\"eu\"}",
            "/skydns/test/skydns/wrr/a", "{\"host\":\"198.51.100.1\",\"lbWeight\":1}",
            "/skydns/test/skydns/wrr/b", "{\"host\":\"198.51.100.2\",\"lbWeight\":3}"));

    private static Answerer answerer(double... draws) {
        AtomicInteger i = new AtomicInteger();
        return new Answerer(Fixtures.ZONES, SkyDnsKeys.defaults(), Upstream.NONE,
                new GslbPolicy(GEO, () -> draws[i.getAndIncrement() % draws.length]), Fixtures.CLOCK);
    }

    private static List<String> answer(Answerer a, String name, String client) throws Exception {
        return Fixtures.lines(a.answer(DATA, Fixtures.query(name, Type.A), InetAddress.getByName(client)), Section.ANSWER);
    }

    @Test
    void withoutMetadataTheAnswerIsCoreDnsExactly() throws Exception {
        assertThat(answer(answerer(0.5), "plain.skydns.test", "10.1.1.1"))
                .containsExactly("plain.skydns.test. 300 A 10.0.0.1", "plain.skydns.test. 300 A 10.0.0.2");
    }

    @Test
    void geoTaggedTargetsAreChosenByTheClientsAddress() throws Exception {
        Answerer a = answerer(0.5);
        assertThat(answer(a, "geo.skydns.test", "10.1.9.9")).containsExactly("geo.skydns.test. 300 A 192.0.2.1", "geo.skydns.test. 300 A 192.0.2.3");
        assertThat(answer(a, "geo.skydns.test", "10.2.0.7")).containsExactly("geo.skydns.test. 300 A 192.0.2.2");
        assertThat(answer(a, "geo.skydns.test", "172.16.0.1")).as("unknown client: every target").hasSize(3);
        assertThat(answer(a, "geo.skydns.test", "10.1.5.1")).as("most specific tag has no targets: every target").hasSize(3);
    }

    @Test
    void theEdnsClientSubnetWinsOverTheSourceAddress() throws Exception {
        Message q = Fixtures.query("geo.skydns.test", Type.A);
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.2.3.0")))), Section.ADDITIONAL);

        Message reply = answerer(0.5).answer(DATA, q, InetAddress.getByName("10.1.1.1"));

        assertThat(Fixtures.lines(reply, Section.ANSWER)).containsExactly("geo.skydns.test. 300 A 192.0.2.2");
    }

    @Test
    void weightsPickOneTargetPerQueryInProportion() throws Exception {
        Answerer a = answerer(0.0, 0.24, 0.26, 0.99);
        assertThat(answer(a, "wrr.skydns.test", "10.9.9.9")).containsExactly("wrr.skydns.test. 300 A 198.51.100.1");
        assertThat(answer(a, "wrr.skydns.test", "10.9.9.9")).containsExactly("wrr.skydns.test. 300 A 198.51.100.1");
        assertThat(answer(a, "wrr.skydns.test", "10.9.9.9")).containsExactly("wrr.skydns.test. 300 A 198.51.100.2");
        assertThat(answer(a, "wrr.skydns.test", "10.9.9.9")).containsExactly("wrr.skydns.test. 300 A 198.51.100.2");
    }

    @Test
    void aRealRandomSourceFollowsTheWeights() {
        GslbPolicy policy = new GslbPolicy(GeoMap.empty(), new java.util.Random(7)::nextDouble);
        List<SnapshotEntry> services = DATA.withPrefix("/skydns/test/skydns/wrr/");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            counts.merge(policy.select(services, null).get(0).record().host(), 1, Integer::sum);
        }
        assertThat(counts.get("198.51.100.2") / 4000.0).isBetween(0.70, 0.80);
    }

    /**
     * The choice prepared ahead (for the prepared answers) picks what select returns, for every kind of metadata, client
     * and draw: two policies with the same random source, one selecting, one picking among the prepared outcomes.
     */
    @Test
    void thePreparedChoicePicksWhatSelectReturns() throws Exception {
        List<List<SnapshotEntry>> sets = List.of(
                entries("{\"host\":\"192.0.2.1\",\"geoTag\":\"eu\"}", "{\"host\":\"192.0.2.2\",\"geoTag\":\"us\"}",
                        "{\"host\":\"192.0.2.3\",\"geoTag\":\"eu\"}"),
                entries("{\"host\":\"198.51.100.1\",\"lbWeight\":1}", "{\"host\":\"198.51.100.2\",\"lbWeight\":3}"),
                entries("{\"host\":\"10.0.0.1\",\"geoTag\":\"eu\",\"lbWeight\":1}", "{\"host\":\"10.0.0.2\",\"geoTag\":\"us\",\"lbWeight\":2}",
                        "{\"host\":\"10.0.0.3\",\"geoTag\":\"eu\",\"lbWeight\":3}", "{\"host\":\"10.0.0.4\",\"lbWeight\":0}"),
                entries("{\"host\":\"10.0.1.1\",\"lbWeight\":0}", "{\"host\":\"10.0.1.2\",\"lbWeight\":0}"),
                entries("{\"host\":\"10.0.2.1\",\"lbWeight\":2}", "{\"host\":\"10.0.2.2\"}"),
                entries("{\"host\":\"10.0.3.1\",\"geoTag\":\"eu\",\"lbWeight\":0}", "{\"host\":\"10.0.3.2\",\"geoTag\":\"us\",\"lbWeight\":5}"));
        for (List<SnapshotEntry> services : sets) {
            for (String client : List.of("10.1.9.9", "10.2.0.7", "172.16.0.1", "10.1.5.1")) {
                for (double draw : new double[] {0.0, 0.1, 0.2, 0.26, 0.5, 0.74, 0.8, 0.99}) {
                    InetAddress from = InetAddress.getByName(client);
                    List<SnapshotEntry> selected = new GslbPolicy(GEO, () -> draw).select(services, from);
                    var choice = new GslbPolicy(GEO, () -> draw).prepare(services, Type.A).orElseThrow();
                    assertThat(choice.outcomes().get(choice.pick(from))).as("%s from %s, draw %s", services, client, draw)
                            .isEqualTo(selected);
                }
            }
        }
    }

    private static List<SnapshotEntry> entries(String... values) {
        List<SnapshotEntry> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(SnapshotEntry.decode("/skydns/test/skydns/x/" + i, values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
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
