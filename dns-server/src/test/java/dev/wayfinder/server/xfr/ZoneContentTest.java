package dev.wayfinder.server.xfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** What a transfer of {@code example.org.} holds, key by key, as a table. */
class ZoneContentTest {

    private static final String Z = "/skydns/org/example";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("IP host at its own name; TTL default 300",
                        Map.of(Z + "/www", "{\"host\":\"10.0.0.1\"}"),
                        List.of("www.example.org. 300 IN A 10.0.0.1")),
                Arguments.of("a TTL above 2^31-1 goes out as stored, as CoreDNS answers it (dnsjava alone would refuse it)",
                        Map.of(Z + "/big", "{\"host\":\"10.0.0.1\",\"ttl\":4294967295}"),
                        List.of("big.example.org. 4294967295 IN A 10.0.0.1")),
                Arguments.of("wide TTLs on NS and glue, MX, CNAME, TXT and SRV too",
                        Map.of(Z + "/dns/ns/ns1", "{\"host\":\"192.0.2.53\",\"ttl\":3000000000}",
                                Z + "/mx/x", "{\"host\":\"mail.example.com\",\"mail\":true,\"ttl\":2147483648,\"targetstrip\":1}",
                                Z + "/alias", "{\"host\":\"www.example.com\",\"ttl\":4294967295}",
                                Z + "/txt", "{\"text\":\"wide\",\"ttl\":4294967295}",
                                Z + "/_tcp/_x/a", "{\"host\":\"a.example.com\",\"port\":8,\"ttl\":2147483648,\"targetstrip\":1}"),
                        List.of("example.org. 3000000000 IN NS ns1.ns.dns.example.org.", "ns1.ns.dns.example.org. 3000000000 IN A 192.0.2.53",
                                "mx.example.org. 2147483648 IN MX 10 example.com.", "alias.example.org. 4294967295 IN CNAME www.example.com.",
                                "txt.example.org. 4294967295 IN TXT wide", "_x._tcp.example.org. 2147483648 IN SRV 10 100 8 example.com.")),
                Arguments.of("targetstrip removes the ExternalDNS leaf; AAAA",
                        Map.of(Z + "/www/1a2b", "{\"host\":\"2001:db8::1\",\"ttl\":60,\"targetstrip\":1}"),
                        List.of("www.example.org. 60 IN AAAA 2001:db8:0:0:0:0:0:1")),
                Arguments.of("a subtree lists each record at its own name, not all at the parent",
                        Map.of(Z + "/www", "{\"host\":\"10.0.0.1\"}", Z + "/www/api", "{\"host\":\"10.0.0.2\"}"),
                        List.of("www.example.org. 300 IN A 10.0.0.1", "api.www.example.org. 300 IN A 10.0.0.2")),
                Arguments.of("text → TXT; name host → CNAME",
                        Map.of(Z + "/txt", "{\"text\":\"hello world\"}", Z + "/alias", "{\"host\":\"www.example.com\"}"),
                        List.of("alias.example.org. 300 IN CNAME www.example.com.", "txt.example.org. 300 IN TXT \"hello world\"")),
                Arguments.of("a CNAME beside other data is left out (the zone would not load)",
                        Map.of(Z + "/both/a", "{\"host\":\"10.0.0.1\",\"targetstrip\":1}", Z + "/both/b", "{\"host\":\"x.example.com\",\"targetstrip\":1}"),
                        List.of("both.example.org. 300 IN A 10.0.0.1")),
                Arguments.of("name host with a port → SRV, weights per priority and target stripped too, as CoreDNS",
                        Map.of(Z + "/_tcp/_http/a", "{\"host\":\"a.svc.example.com\",\"port\":80,\"weight\":1,\"targetstrip\":1}",
                                Z + "/_tcp/_http/b", "{\"host\":\"b.svc.example.com\",\"port\":80,\"weight\":3,\"targetstrip\":1}"),
                        List.of("_http._tcp.example.org. 300 IN SRV 10 25 80 svc.example.com.",
                                "_http._tcp.example.org. 300 IN SRV 10 75 80 svc.example.com.")),
                Arguments.of("mail → MX (exchange stripped as CoreDNS)",
                        Map.of(Z + "/mx/x", "{\"host\":\"mail.example.com\",\"mail\":true,\"priority\":5,\"targetstrip\":1}"),
                        List.of("mx.example.org. 300 IN MX 5 example.com.")),
                Arguments.of("Wayfinder's SRV and MX (targetstrip 0 under the leaf derived from the value) at their own names, targets whole",
                        written(new Endpoint(DnsName.of("_http._tcp.web.example.org"), RecordType.SRV,
                                        List.of("0 50 8080 pod-0.web.example.org", "0 50 8080 pod-1.web.example.org"), 60, "", Metadata.NONE),
                                new Endpoint(DnsName.of("example.org"), RecordType.MX, List.of("10 mx1.example.org"), 3600, "", Metadata.NONE)),
                        List.of("_http._tcp.web.example.org. 60 IN SRV 10 50 8080 pod-0.web.example.org.",
                                "_http._tcp.web.example.org. 60 IN SRV 10 50 8080 pod-1.web.example.org.",
                                "example.org. 3600 IN MX 10 mx1.example.org.")),
                Arguments.of("dns/ns → NS with glue; dns/apex → apex A",
                        Map.of(Z + "/dns/ns/ns1", "{\"host\":\"192.0.2.53\",\"ttl\":60}", Z + "/dns/apex/x", "{\"host\":\"192.0.2.1\"}"),
                        List.of("example.org. 60 IN NS ns1.ns.dns.example.org.", "example.org. 300 IN A 192.0.2.1",
                                "ns1.ns.dns.example.org. 60 IN A 192.0.2.53")),
                Arguments.of("undecodable values and names of an inner served zone are skipped",
                        Map.of(Z + "/bad", "{not json", Z + "/sub/www", "{\"host\":\"10.0.0.9\"}", Z + "/ok", "{\"host\":\"10.0.0.3\"}"),
                        List.of("ok.example.org. 300 IN A 10.0.0.3")));
    }

    /** The keys and values the etcd provider writes for these endpoints. */
    static Map<String, String> written(Endpoint... endpoints) {
        SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of("example.org")), 300);
        Map<String, String> out = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            mapping.toEntries(e).forEach(entry -> out.put(entry.key(), entry.json()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void records(String why, Map<String, String> data, List<String> expected) throws TextParseException {
        ZoneSnapshot snapshot = Fixtures.snapshot(new LinkedHashMap<>(data));
        Name zone = Name.fromString("example.org.");
        List<Record> records = ZoneContent.records(snapshot, "/skydns", zone, List.of(zone, Name.fromString("sub.example.org.")));

        List<String> lines = records.stream().map(r -> r.toString().replaceAll("\\s+", " ")).toList();
        boolean ownNs = expected.stream().anyMatch(l -> l.contains(" NS "));
        assertThat(lines).as(why).containsExactlyInAnyOrderElementsOf(ownNs ? expected
                : Stream.concat(Stream.of("example.org. 30 IN NS ns.dns.example.org."), expected.stream()).toList());
    }

    @org.junit.jupiter.api.Test
    void wideTtlsGoOnTheWireAsStored() throws Exception {
        ZoneSnapshot snapshot = Fixtures.snapshot(Map.of(Z + "/mx/x", "{\"host\":\"mail.example.com\",\"mail\":true,\"ttl\":4294967295,\"targetstrip\":1}"));
        Name zone = Name.fromString("example.org.");
        org.xbill.DNS.Message m = new org.xbill.DNS.Message();
        ZoneContent.records(snapshot, "/skydns", zone, List.of(zone)).forEach(r -> m.addRecord(r, org.xbill.DNS.Section.ANSWER));

        byte[] wire = m.toWire();

        // type MX, class IN, TTL 0xffffffff: the uint32 as stored, as CoreDNS would send it
        assertThat(java.util.HexFormat.of().formatHex(wire)).contains("000f0001ffffffff");
        // RFC 2181 §8: a receiver treats such a TTL as 0 (dnsjava does; the BIND secondary test checks named)
        assertThat(new org.xbill.DNS.Message(wire).getSection(org.xbill.DNS.Section.ANSWER))
                .filteredOn(r -> r.getType() == org.xbill.DNS.Type.MX).extracting(Record::getTTL).containsExactly(0L);
    }

    @org.junit.jupiter.api.Test
    void theSerialIsTheRevisionInThirtyTwoBits() {
        assertThat(ZoneContent.serial(ZoneSnapshot.of(7, List.of()))).isEqualTo(7);
        assertThat(ZoneContent.serial(ZoneSnapshot.of(0x1_0000_0005L, List.of()))).isEqualTo(5);
    }
}
