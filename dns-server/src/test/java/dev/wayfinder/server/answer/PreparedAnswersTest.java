package dev.wayfinder.server.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.server.prepared.WireQuery;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import dev.wayfinder.server.transport.DnsHandler;
import dev.wayfinder.server.transport.QueryMetrics;
import dev.wayfinder.server.transport.QueryProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The prepared answers ({@code server.prepared}) against the full path they stand in for: over the data of
 * the answer tables ({@link Fixtures}, {@link ConformanceFixtures}), every name they hold and names around
 * them, in several spellings, every question type the answerer treats apart and others, with and without
 * RD, CD and EDNS, over UDP and TCP, and bytes mutated at random: the replies must be equal byte for byte.
 * Then the data change (keys removed, changed and added, applied as a watch batch) and the comparison runs
 * again, so a name whose data changed is never answered from before.
 */
class PreparedAnswersTest {

    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private static final int[] TYPES = {Type.A, Type.AAAA, Type.TXT, Type.CNAME, Type.PTR, Type.MX, Type.SRV, Type.NS, Type.SOA,
        Type.ANY, Type.HINFO, Type.CAA, Type.DS, Type.AXFR, Type.IXFR, 65_280};

    record DataSet(String label, Map<String, String> data, Answerer answerer) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<DataSet> dataSets() {
        return Stream.of(new DataSet("answer tables, no upstream", Fixtures.data(), Fixtures.answerer(Upstream.NONE)),
                new DataSet("answer tables, an upstream", Fixtures.data(), Fixtures.answerer(ConformanceFixtures::upstream)),
                new DataSet("conformance table", ConformanceFixtures.data(), ConformanceFixtures.answerer()),
                new DataSet("GSLB metadata, the client in eu", gslbData(), gslbAnswerer(0.6)),
                new DataSet("GSLB metadata, another draw", gslbData(), gslbAnswerer(0.1)));
    }

    /**
     * Balanced names as the GSLB module writes them (cluster as set identifier and geo tag, the cluster's weight, the
     * strategy), beside plain names: weighted with a cluster of two addresses and one IPv6-only cluster, geoip, round
     * robin, all weights 0, a CNAME target among balanced ones, balanced and plain records under one name.
     */
    private static Map<String, String> gslbData() {
        Map<String, String> d = new LinkedHashMap<>();
        balanced(d, "wrr/a", "198.51.100.1", "weightRoundRobin", "eu", 1);
        balanced(d, "wrr/b", "198.51.100.2", "weightRoundRobin", "us", 3);
        balanced(d, "wrr/c", "198.51.100.3", "weightRoundRobin", "us", 3);
        balanced(d, "wrr/d", "2001:db8::3", "weightRoundRobin", "ap", 2);
        balanced(d, "geo/a", "192.0.2.1", "geoip", "eu", -1);
        balanced(d, "geo/b", "192.0.2.2", "geoip", "us", -1);
        balanced(d, "geo/c", "2001:db8::1", "geoip", "eu", -1);
        balanced(d, "geo/d", "192.0.2.4", "geoip", "eu", -1);
        balanced(d, "rr/a", "10.0.0.1", "roundRobin", "eu", -1);
        balanced(d, "rr/b", "10.0.0.2", "roundRobin", "us", -1);
        balanced(d, "rr/c", "10.0.0.3", "roundRobin", "eu", -1);
        balanced(d, "zero/a", "10.0.1.1", "weightRoundRobin", "eu", 0);
        balanced(d, "zero/b", "10.0.1.2", "weightRoundRobin", "us", 0);
        balanced(d, "alias/a", "wrr.skydns.test", "weightRoundRobin", "eu", 1);
        balanced(d, "alias/b", "10.0.2.2", "weightRoundRobin", "us", 1);
        balanced(d, "mixed/a", "10.0.4.1", "roundRobin", "eu", -1);
        d.put("/skydns/test/skydns/mixed/b", "{\"host\":\"10.0.4.2\"}");
        d.put("/skydns/test/skydns/plain/a", "{\"host\":\"10.0.3.1\"}");
        return d;
    }

    /** One target's record as GslbRecords writes it ({@code weight} < 0: none). */
    private static void balanced(Map<String, String> d, String key, String host, String strategy, String cluster, int weight) {
        d.put("/skydns/test/skydns/" + key, "{\"host\":\"" + host + "\",\"ttl\":30,\"targetstrip\":1,\"setIdentifier\":\"" + cluster
                + "\",\"geoTag\":\"" + cluster + "\"" + (weight >= 0 ? ",\"lbWeight\":" + weight : "") + ",\"lbStrategy\":\"" + strategy
                + "\"}");
    }

    /** GSLB over a geo map that puts the test's client (loopback) in eu, drawing {@code draw} every time, so both paths draw alike. */
    private static Answerer gslbAnswerer(double draw) {
        return new Answerer(Fixtures.ZONES, dev.wayfinder.model.skydns.SkyDnsKeys.defaults(), Upstream.NONE,
                new dev.wayfinder.server.gslb.GslbPolicy(dev.wayfinder.server.gslb.GeoMap.parse(List.of("127.0.0.0/8=eu", "10.2.0.0/16=us")),
                        () -> draw), Fixtures.CLOCK);
    }

    @ParameterizedTest
    @MethodSource("dataSets")
    void preparedRepliesAreTheFullPathsByteForByte(DataSet set) throws IOException {
        SnapshotStore store = new SnapshotStore(Fixtures.CLOCK);
        ZoneSnapshot first = Fixtures.snapshot(set.data());
        store.publish(first);
        QueryProcessor full = new QueryProcessor(set.answerer(), store, QueryMetrics.NONE, null, 1232, false);
        QueryProcessor fast = new QueryProcessor(set.answerer(), store, QueryMetrics.NONE, null, 1232, true);
        Random random = new Random(15);

        List<byte[]> queries = queries(set, random);
        int prepared = compare(full, fast, queries);
        assertThat(prepared).as("queries the prepared answers served, of %d", queries.size()).isGreaterThan(queries.size() / 4);
        assertThat(compare(full, fast, queries)).as("served again, now from what the first pass prepared").isEqualTo(prepared);
        assertThat(compare(full, fast, mutated(queries, random))).as("mutated queries served prepared").isPositive();

        Map<String, String> changed = changed(set.data(), random);
        List<ZoneSnapshot.Change> batch = new ArrayList<>();
        set.data().keySet().stream().filter(k -> !changed.containsKey(k)).forEach(k -> batch.add(ZoneSnapshot.Change.delete(k)));
        changed.forEach((k, v) -> {
            if (!v.equals(set.data().get(k))) {
                batch.add(ZoneSnapshot.Change.put(k, v));
            }
        });
        store.publish(first.apply(2, batch));
        Set<byte[]> after = new LinkedHashSet<>(queries(new DataSet(set.label(), changed, set.answerer()), random));
        after.addAll(queries);
        assertThat(compare(full, fast, new ArrayList<>(after))).as("after %d changes", batch.size()).isPositive();
    }

    @org.junit.jupiter.api.Test
    void gslbNamesAreAnsweredFromPreparedOutcomes() throws IOException {
        SnapshotStore store = new SnapshotStore(Fixtures.CLOCK);
        store.publish(Fixtures.snapshot(gslbData()));
        QueryProcessor fast = new QueryProcessor(gslbAnswerer(0.6), store, QueryMetrics.NONE, null, 1232, true);
        Random random = new Random(1);
        for (String name : List.of("wrr", "geo", "rr", "zero")) {
            byte[] q = query(Name.fromString(name + ".skydns.test."), Type.A, random);
            assertThat(fast.prepared().orElseThrow().answer(q, q.length, false, new byte[65535], new WireQuery(), CLIENT))
                    .as("%s.skydns.test. A served prepared", name).isPositive();
        }
        byte[] mixed = query(Name.fromString("mixed.skydns.test."), Type.A, random);
        assertThat(fast.prepared().orElseThrow().answer(mixed, mixed.length, false, new byte[65535], new WireQuery(), CLIENT))
                .as("balanced and plain records under one name take the full path").isEqualTo(-1);
    }

    /**
     * The apex of a zone of more than 256 keys reads the whole zone for A and AAAA unless it has {@code dns/apex} keys: such
     * an answer is not prepared (renewing it on every change cost ≈ 100 ms at 100,000 names), and the full path
     * answers it as before; with {@code dns/apex} keys the apex's answer is prepared.
     */
    @org.junit.jupiter.api.Test
    void theApexOfALargeZoneIsPreparedOnlyWithApexKeys() throws IOException {
        Map<String, String> big = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            big.put("/skydns/test/skydns/host-" + i + "/a", "{\"host\":\"10.1." + (i / 256) + "." + (i % 256) + "\"}");
        }
        Map<String, String> withApex = new LinkedHashMap<>(big);
        withApex.put("/skydns/test/skydns/dns/apex/a", "{\"host\":\"10.9.0.1\"}");
        for (Map<String, String> data : List.of(big, withApex)) {
            SnapshotStore store = new SnapshotStore(Fixtures.CLOCK);
            store.publish(Fixtures.snapshot(data));
            QueryProcessor fast = new QueryProcessor(Fixtures.answerer(Upstream.NONE), store, QueryMetrics.NONE, null, 1232, true);
            QueryProcessor full = new QueryProcessor(Fixtures.answerer(Upstream.NONE), store, QueryMetrics.NONE, null, 1232, false);
            byte[] apex = query(Name.fromString("skydns.test."), Type.A, new Random(3));
            assertThat(fast.prepared().orElseThrow().answer(apex, apex.length, false, new byte[65535], new WireQuery(), CLIENT) >= 0)
                    .as("apex A served prepared, %s dns/apex keys", data == big ? "without" : "with").isEqualTo(data != big);
            compare(full, fast, List.of(apex));
        }
    }

    /** Asks both processors every query over TCP and UDP; returns how many the prepared answers served. */
    private static int compare(QueryProcessor full, QueryProcessor fast, List<byte[]> queries) {
        int served = 0;
        byte[] outFull = new byte[65535];
        byte[] outFast = new byte[65535];
        for (byte[] q : queries) {
            for (boolean tcp : new boolean[] {false, true}) {
                if (fast.prepared().orElseThrow().answer(q, q.length, tcp, new byte[65535], new WireQuery(), CLIENT) >= 0) {
                    served++;
                }
                List<byte[]> a = full.processAll(q, q.length, CLIENT, tcp);
                List<byte[]> b = fast.processAll(q, q.length, CLIENT, tcp);
                String transport = tcp ? "TCP" : "UDP";
                assertThat(b).as(() -> "replies over " + transport + " to " + describe(q)).hasSameSizeAs(a);
                for (int i = 0; i < a.size(); i++) {
                    byte[] x = a.get(i);
                    byte[] y = b.get(i);
                    if (!Arrays.equals(x, y)) {
                        assertThat(HexFormat.of().formatHex(y)).as("reply over %s to %s\nfull path: %s\nprepared:  %s", transport,
                                describe(q), describe(x), describe(y)).isEqualTo(HexFormat.of().formatHex(x));
                    }
                }
            }
            int n = udp(full, q, outFull);
            int m = udp(fast, q, outFast);
            assertThat(m).as(() -> "UDP reply length to " + describe(q)).isEqualTo(n);
            if (n > 0) {
                assertThat(Arrays.copyOf(outFast, m)).as(() -> "UDP reply to " + describe(q)).isEqualTo(Arrays.copyOf(outFull, n));
            }
        }
        return served;
    }

    /** What a UDP listener sends: the reply answered at once, else the full path's first; its length, or -1. */
    private static int udp(QueryProcessor processor, byte[] q, byte[] out) {
        int n = processor.answerAtOnce(q, q.length, CLIENT, out);
        if (n != DnsHandler.NOT_ANSWERED) {
            return n;
        }
        List<byte[]> replies = processor.handle(q, q.length, CLIENT, false);
        if (replies.isEmpty()) {
            return -1;
        }
        System.arraycopy(replies.get(0), 0, out, 0, replies.get(0).length);
        return replies.get(0).length;
    }

    /** Every name of the data (each key and its ancestors), names around them and the zones, asked in many ways. */
    private static List<byte[]> queries(DataSet set, Random random) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String key : set.data().keySet()) {
            String[] segments = key.substring("/skydns/".length()).split("/", -1);
            StringBuilder name = new StringBuilder(".");
            for (String s : segments) {
                name.insert(0, s.isEmpty() ? "" : "." + s);
                String n = name.substring(1);
                names.add(n);
                names.add("nx." + n);
            }
        }
        for (String z : set.answerer().zones()) {
            for (String prefix : List.of("", "nx.", "dns.", "x.dns.", "ns.dns.", "apex.dns.", "hostmaster.", "a.hostmaster.", "*.", "any.")) {
                names.add(prefix + z);
            }
        }
        names.add("outside.example.");
        List<byte[]> out = new ArrayList<>();
        for (String n : names) {
            Name name;
            try {
                name = Name.fromString(n.endsWith(".") ? n : n + ".");
            } catch (TextParseException e) {
                continue;
            }
            for (int type : TYPES) {
                for (Name spelled : List.of(name, respelled(name, random))) {
                    out.add(query(spelled, type, random));
                }
            }
        }
        return out;
    }

    /** A question with random flags and, two times in three, EDNS of a random kind. */
    private static byte[] query(Name name, int type, Random random) throws IOException {
        Message m = new Message(random.nextInt(65536));
        if (random.nextBoolean()) {
            m.getHeader().setFlag(Flags.RD);
        }
        if (random.nextInt(4) == 0) {
            m.getHeader().setFlag(Flags.CD);
        }
        m.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
        switch (random.nextInt(9)) {
            case 0 -> m.addRecord(new OPTRecord(512, 0, 0), Section.ADDITIONAL);
            case 1 -> m.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
            case 2 -> m.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
            case 3 -> m.addRecord(new OPTRecord(100, 0, 0), Section.ADDITIONAL);
            case 4 -> m.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
            case 5 -> m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new CookieOption(new byte[8]))), Section.ADDITIONAL);
            case 6 -> m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(65001, new byte[3]))), Section.ADDITIONAL);
            default -> { }
        }
        return m.toWire();
    }

    /** The name with each letter's case drawn at random. */
    private static Name respelled(Name name, Random random) throws TextParseException {
        byte[] wire = name.toWire();
        for (int i = 0; i < wire.length; i++) {
            if (Character.isLetter(wire[i]) && random.nextBoolean()) {
                wire[i] ^= 0x20;
            }
        }
        try {
            return new Name(wire);
        } catch (IOException e) {
            return name;
        }
    }

    /** Each query with one to three bytes changed at random, and cut short or extended at times. */
    private static List<byte[]> mutated(List<byte[]> queries, Random random) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] q : queries) {
            if (random.nextInt(3) != 0) {
                continue;
            }
            byte[] m = q.clone();
            for (int k = random.nextInt(3); k >= 0; k--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            switch (random.nextInt(6)) {
                case 0 -> m = Arrays.copyOf(m, random.nextInt(m.length + 1));
                case 1 -> m = Arrays.copyOf(m, m.length + 1 + random.nextInt(4));
                default -> { }
            }
            out.add(m);
        }
        return out;
    }

    /** The data with about a tenth of the keys removed, a tenth changed, and new keys below and beside existing ones. */
    private static Map<String, String> changed(Map<String, String> data, Random random) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                continue;
            }
            out.put(e.getKey(), roll == 1 ? "{\"host\":\"10.200." + (i / 250) + "." + (i % 250) + "\",\"ttl\":77}" : e.getValue());
            if (roll == 2) {
                out.put(e.getKey() + "/new" + i, "{\"host\":\"10.201." + (i / 250) + "." + (i % 250) + "\"}");
            }
            if (roll == 3) {
                out.put(e.getKey() + "-sib", "{\"host\":\"2001:db8::" + Integer.toHexString(i + 1) + "\",\"text\":\"t\"}");
            }
            i++;
        }
        return out;
    }

    private static String describe(byte[] wire) {
        try {
            return new Message(wire).toString().replace('\n', ' ') + " [" + HexFormat.of().formatHex(wire) + "]";
        } catch (IOException e) {
            return "unparseable " + HexFormat.of().formatHex(wire) + " (" + new String(wire, StandardCharsets.ISO_8859_1).length() + " bytes)";
        }
    }
}
