package dev.wayfinder.model.skydns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SkyDnsMappingTest {

    private static final DnsName ZONE = DnsName.of("example.org");
    private static final Metadata OWNED = Metadata.owned("wayfinder-test", "service/default/web");

    private final SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(ZONE), 300);
    private final Map<String, String> skipped = new LinkedHashMap<>();

    private static Endpoint endpoint(String name, RecordType type, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), 60, "", OWNED);
    }

    private List<Endpoint> readBack(List<SkyDnsEntry> entries) {
        return mapping.toEndpoints(entries, skipped::put);
    }

    private static SkyDnsEntry entry(String key, String json) throws SkyDnsFormatException {
        return new SkyDnsEntry(key, SkyDnsJson.decode(json));
    }

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of("A", endpoint("www.example.org", RecordType.A, "192.0.2.1", "192.0.2.2")),
                Arguments.of("A, IPv4-mapped", endpoint("www.example.org", RecordType.A, "::ffff:192.0.2.1")),
                Arguments.of("AAAA", endpoint("www.example.org", RecordType.AAAA, "2001:db8::1", "2001:db8::2")),
                Arguments.of("CNAME, one target", endpoint("alias.example.org", RecordType.CNAME, "web.example.net")),
                Arguments.of("CNAME, two targets", endpoint("alias.example.org", RecordType.CNAME, "a.example.net", "b.example.net")),
                Arguments.of("TXT", endpoint("www.example.org", RecordType.TXT, "v=spf1 -all", "\"quoted\"", "ü ✓")),
                Arguments.of("SRV", endpoint("_http._tcp.example.org", RecordType.SRV, "10 50 8080 web.example.org", "0 0 1 x.example.org")),
                Arguments.of("SRV, port 0", endpoint("_http._tcp.example.org", RecordType.SRV, "10 50 0 web.example.org")),
                Arguments.of("MX", endpoint("example.org", RecordType.MX, "10 mx1.example.org", "20 mx2.example.org")),
                Arguments.of("PTR, IPv4", endpoint("1.2.0.192.in-addr.arpa", RecordType.PTR, "www.example.org")),
                Arguments.of("PTR, IPv6", endpoint("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
                        RecordType.PTR, "www.example.org")),
                Arguments.of("apex A", endpoint("example.org", RecordType.A, "192.0.2.10", "192.0.2.11")),
                Arguments.of("apex AAAA", endpoint("example.org", RecordType.AAAA, "2001:db8::10")),
                Arguments.of("name server glue", endpoint(SkyDnsKeys.nameserverName(ZONE, "ns1").toString(), RecordType.A, "192.0.2.53")),
                Arguments.of("underscore name", endpoint("skydns_extra.example.org", RecordType.A, "192.0.2.1")),
                Arguments.of("no owner", new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("192.0.2.1"), 60, "", Metadata.NONE)),
                Arguments.of("GSLB set with metadata", new Endpoint(DnsName.of("gslb.example.org"), RecordType.A, List.of("192.0.2.1"), 30, "eu",
                        new Metadata("wayfinder-test", "gslb/default/app", "eu-west", OptionalInt.of(5)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyType")
    void toEntriesThenToEndpointsRoundTrips(String what, Endpoint endpoint) {
        List<SkyDnsEntry> entries = mapping.toEntries(endpoint);

        assertThat(entries).as("key order").isSorted();
        assertThat(readBack(entries)).containsExactly(endpoint);
        assertThat(skipped).isEmpty();
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.key()).isLowerCase().startsWith("/skydns/");
            assertThat(e.json()).contains("\"ttl\":" + endpoint.ttl());
        });
    }

    @Test
    void everyTypeTogetherRoundTripsInKeyOrder() {
        List<Endpoint> all = everyType().map(a -> (Endpoint) a.get()[1])
                .filter(e -> !e.name().equals(DnsName.of("_http._tcp.example.org")) || e.targets().size() == 2)
                .filter(e -> !e.targets().contains("::ffff:192.0.2.1") && e.metadata().hasOwner()
                        && !(e.type() == RecordType.CNAME && e.targets().size() == 1))
                .toList();
        List<SkyDnsEntry> entries = new ArrayList<>();
        all.forEach(e -> entries.addAll(mapping.toEntries(e)));
        Collections.reverse(entries);

        assertThat(readBack(entries)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(skipped).isEmpty();
    }

    @Test
    void anUnsetTtlIsWrittenAsTheDefault() {
        Endpoint noTtl = endpoint("www.example.org", RecordType.A, "192.0.2.1").withTtl(Endpoint.TTL_UNSET);
        List<SkyDnsEntry> entries = mapping.toEntries(noTtl);

        assertThat(entries).singleElement().satisfies(e -> assertThat(e.record().ttl()).isEqualTo(300));
        assertThat(readBack(entries)).containsExactly(noTtl.withTtl(300));
    }

    @Test
    void apexAddressesLiveUnderDnsApex() {
        List<SkyDnsEntry> entries = mapping.toEntries(endpoint("example.org", RecordType.A, "192.0.2.10"));
        String leaf = SkyDnsKeys.leaf(RecordType.A, "", "192.0.2.10");

        assertThat(entries).extracting(SkyDnsEntry::key).containsExactly("/skydns/org/example/dns/apex/" + leaf);
        assertThat(mapping.toEntries(endpoint("example.org", RecordType.TXT, "x"))).extracting(SkyDnsEntry::key)
                .as("only addresses move: CoreDNS's apex special case is for A and AAAA")
                .containsExactly("/skydns/org/example/" + SkyDnsKeys.leaf(RecordType.TXT, "", "x"));
        assertThat(mapping.toEntries(endpoint("www.example.org", RecordType.A, "192.0.2.10"))).extracting(SkyDnsEntry::key)
                .containsExactly("/skydns/org/example/www/" + leaf);
    }

    @Test
    void aSingleTargetCnameSitsAtTheExactKeyAndSeveralAsLeaves() {
        assertThat(mapping.toEntries(endpoint("alias.example.org", RecordType.CNAME, "Web.Example.NET.")))
                .singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo("/skydns/org/example/alias");
                    assertThat(e.json()).isEqualTo("{\"host\":\"web.example.net\",\"ttl\":60,\"owner\":\"wayfinder-test\","
                            + "\"resource\":\"service/default/web\"}");
                });
        assertThat(mapping.toEntries(endpoint("alias.example.org", RecordType.CNAME, "a.example.net", "b.example.net")))
                .extracting(SkyDnsEntry::key).allMatch(k -> k.matches("/skydns/org/example/alias/[0-9a-f]{8}")).hasSize(2);
    }

    @Test
    void ptrSitsAtTheExactReverseKey() {
        assertThat(mapping.toEntries(endpoint("1.0.0.10.in-addr.arpa", RecordType.PTR, "www.example.org.")))
                .singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo("/skydns/arpa/in-addr/10/0/0/1");
                    assertThat(e.record().host()).isEqualTo("www.example.org");
                    assertThat(e.record().targetstrip()).isZero();
                });
    }

    /**
     * CoreDNS strips {@code targetstrip} labels from SRV and MX target names as well as from names it derives
     * from keys (v1.10.1 {@code plugin/etcd/msg/service.go}, {@code NewSRV} and {@code NewMX}): with 1, the
     * exchange {@code mx1.example.org} would be served as {@code example.org}. So these carry 0, and reading
     * recognises their leaf as the one derived from the value.
     */
    @Test
    void srvAndMxKeepTheirTargetNamesWholeAndStillReadBackUnderTheirOwnName() {
        Endpoint srv = endpoint("_http._tcp.web.example.org", RecordType.SRV, "0 50 8080 pod-0.web.example.org");
        Endpoint mx = endpoint("example.org", RecordType.MX, "10 mx1.example.org");
        List<SkyDnsEntry> entries = new ArrayList<>(mapping.toEntries(srv));
        entries.addAll(mapping.toEntries(mx));

        assertThat(entries).allSatisfy(e -> assertThat(e.record().targetstrip()).as(e.key()).isZero());
        assertThat(entries).extracting(SkyDnsEntry::key).containsExactlyInAnyOrder(
                "/skydns/org/example/web/_tcp/_http/" + SkyDnsKeys.leaf(RecordType.SRV, "", "0 50 8080 pod-0.web.example.org"),
                "/skydns/org/example/" + SkyDnsKeys.leaf(RecordType.MX, "", "10 mx1.example.org"));
        assertThat(readBack(entries)).containsExactlyInAnyOrder(srv, mx);
    }

    @Test
    void anSrvWrittenByHandAtItsOwnKeyIsReadUnderThatName() throws Exception {
        // Not a leaf Wayfinder derives: the last label is part of the name.
        assertThat(readBack(List.of(entry("/skydns/org/example/_tcp/_sip", "{\"host\":\"sip.example.org\",\"port\":5060,\"priority\":10}"))))
                .containsExactly(new Endpoint(DnsName.of("_sip._tcp.example.org"), RecordType.SRV, List.of("10 0 5060 sip.example.org"), 0, "",
                        Metadata.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            www.example.org  | A     | 1.2.3             | cannot publish www.example.org A in SkyDNS: target '1.2.3' is not an IPv4 address
            www.example.org  | A     | 010.0.0.1         | target '010.0.0.1' is not an IPv4 address
            www.example.org  | A     | 2001:db8::1       | is not an IPv4 address (CoreDNS would serve it as AAAA)
            www.example.org  | AAAA  | ::ffff:192.0.2.1  | cannot publish www.example.org AAAA in SkyDNS: target '::ffff:192.0.2.1' is not an IPv6 address (CoreDNS would serve it as A)
            www.example.org  | AAAA  | fe80::1%eth0      | is not an IPv6 address
            alias.example.org | CNAME | 192.0.2.1        | cannot publish alias.example.org CNAME in SkyDNS: target '192.0.2.1' is an address where a name is expected
            alias.example.org | CNAME | a..example.org   | has an empty label
            www.example.org  | PTR   | www.example.net   | cannot publish www.example.org PTR in SkyDNS: a PTR record belongs under in-addr.arpa or ip6.arpa
            1.0.0.10.in-addr.arpa | PTR | 10.0.0.1       | is an address where a name is expected
            _x._tcp.example.org | SRV | 10 web.example.org | cannot publish _x._tcp.example.org SRV in SkyDNS: SRV target '10 web.example.org' must be 'priority weight port target'
            _x._tcp.example.org | SRV | 10 1 99999 w.example.org | port must be between 0 and 65535
            _x._tcp.example.org | SRV | 0 0 0 w.example.org | cannot tell from a CNAME
            example.org      | MX    | mx.example.org    | cannot publish example.org MX in SkyDNS: MX target 'mx.example.org' must be 'preference exchange'
            www.example.org  | TXT   | ''                | cannot publish www.example.org TXT in SkyDNS: an empty TXT string cannot be expressed
            example.org      | NS    | ns1.example.org   | cannot publish example.org NS in SkyDNS: CoreDNS serves NS only from A/AAAA records under ns.dns.<zone>
            """)
    void targetsSkyDnsCannotHoldAreRefusedNamingTheEndpoint(String name, RecordType type, String target, String message) {
        assertThatThrownBy(() -> mapping.toEntries(endpoint(name, type, target))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aPtrWithSeveralTargetsIsRefused() {
        assertThatThrownBy(() -> mapping.toEntries(endpoint("1.0.0.10.in-addr.arpa", RecordType.PTR, "a.example.org", "b.example.org")))
                .hasMessageContaining("CoreDNS serves one PTR target per name, got 2");
    }

    @Test
    void theGroupAndTheGslbStrategyAreWrittenAndReadBack() {
        Endpoint grouped = new Endpoint(DnsName.of("a.example.org"), RecordType.A, List.of("127.0.0.1"), 60, "eu",
                Metadata.owned("me", "gslb/default/a").withGeo("eu", OptionalInt.of(3)).withGroup("a.example.org")
                        .withStrategy("weightRoundRobin"));
        assertThat(mapping.toEntries(grouped)).allSatisfy(e -> {
            assertThat(e.record().group()).isEqualTo("a.example.org");
            assertThat(e.record().lbStrategy()).isEqualTo("weightRoundRobin");
        });
        assertThat(mapping.toEndpoints(mapping.toEntries(grouped), (k, r) -> { })).containsExactly(grouped);
    }

    @Test
    void theGroupIsWrittenAndReadBack() throws Exception {
        Endpoint grouped = new Endpoint(DnsName.of("a.example.org"), RecordType.A, List.of("127.0.0.1"), 60, "", Metadata.owned("me", "service/default/a")
                .withGroup("g1"));
        assertThat(mapping.toEntries(grouped)).allSatisfy(e -> assertThat(e.record().group()).isEqualTo("g1"));
        assertThat(mapping.toEndpoints(mapping.toEntries(grouped), (k, r) -> { })).containsExactly(grouped);
    }

    @Test
    void aTxtRecordGroupedUnderItsOwnNameCarriesItAsHostSoItTakesPartInTheGroupChoice() {
        Endpoint anchor = new Endpoint(DnsName.of("app.example.org"), RecordType.TXT, List.of("no healthy targets"), 30, "",
                OWNED.withGroup("app.example.org"));
        Endpoint otherGroup = anchor.withMetadata(OWNED.withGroup("elsewhere"));

        // TXT-kind for CoreDNS (a name host with text): answers TXT only, but is not filtered out of A/AAAA reads.
        assertThat(mapping.toEntries(anchor)).singleElement().satisfies(e -> {
            assertThat(e.record().host()).isEqualTo("app.example.org");
            assertThat(e.record().text()).isEqualTo("no healthy targets");
            assertThat(e.key()).startsWith("/skydns/org/example/app/");
        });
        assertThat(SkyDnsMapping.isGroupAnchor(anchor)).isTrue();
        assertThat(mapping.toEndpoints(mapping.toEntries(anchor), (k, r) -> { })).containsExactly(anchor);
        // Any other TXT stays text-only.
        assertThat(mapping.toEntries(otherGroup)).singleElement().satisfies(e -> assertThat(e.record().host()).isEmpty());
        assertThat(SkyDnsMapping.isGroupAnchor(otherGroup)).isFalse();
    }

    @Test
    void externalDnsAddressValuesReadBackAsUnownedEndpoints() throws Exception {
        List<Endpoint> read = readBack(List.of(
                entry("/skydns/org/example/www/048b0377", "{\"host\":\"1.2.3.4\",\"targetstrip\":1}"),
                entry("/skydns/org/example/www/1a2b3c4d", "{\"host\":\"5.6.7.8\",\"targetstrip\":1}"),
                entry("/skydns/org/example/v6/7fffffff", "{\"host\":\"2001:db8::1\",\"ttl\":120,\"targetstrip\":1}"),
                entry("/skydns/org/example/alias/00000001", "{\"host\":\"www.example.org\",\"targetstrip\":1,\"group\":\"g\"}"),
                entry("/skydns/org/example/owned/00000002", "{\"host\":\"1.2.3.4\",\"targetstrip\":1,\"owner\":\"cluster-a\"}")));

        assertThat(read).containsExactlyInAnyOrder(
                new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("1.2.3.4", "5.6.7.8"), 0, "", Metadata.NONE),
                new Endpoint(DnsName.of("v6.example.org"), RecordType.AAAA, List.of("2001:db8::1"), 120, "", Metadata.NONE),
                // ExternalDNS writes coredns-group as the SkyDNS group (provider/coredns): it is read back with the record.
                new Endpoint(DnsName.of("alias.example.org"), RecordType.CNAME, List.of("www.example.org"), 0, "", Metadata.NONE.withGroup("g")),
                new Endpoint(DnsName.of("owned.example.org"), RecordType.A, List.of("1.2.3.4"), 0, "",
                        Metadata.NONE.withOwner("cluster-a")));
        assertThat(skipped).isEmpty();
    }

    @Test
    void externalDnsRegistryTxtWithLiteralQuotesReadsAsTxt() throws Exception {
        String label = "\"heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/web\"";
        List<Endpoint> read = readBack(List.of(entry("/skydns/org/example/a-www/3f1e2d0c",
                "{\"text\":\"" + label.replace("\"", "\\\"") + "\",\"targetstrip\":1}")));

        assertThat(read).containsExactly(new Endpoint(DnsName.of("a-www.example.org"), RecordType.TXT, List.of(label), 0, "", Metadata.NONE));
    }

    @Test
    void externalDnsMergedOwnershipTextReadsAsTheRecordAndItsTxt() throws Exception {
        // Before v0.18 ExternalDNS wrote its old-format ownership TXT (at the record's own name) into the
        // record's value: coredns.go (v0.17.0) :400-419 puts the TXT target into services[0].Text.
        String label = "\"heritage=external-dns,external-dns/owner=cluster1,external-dns/resource=service/default/web\"";
        String json = label.replace("\"", "\\\"");
        List<Endpoint> read = readBack(List.of(
                entry("/skydns/org/example/web/0a1b2c3d", "{\"host\":\"1.2.3.4\",\"text\":\"" + json + "\",\"targetstrip\":1}"),
                entry("/skydns/org/example/alias/0a1b2c3e", "{\"host\":\"lb.example.net\",\"text\":\"" + json + "\",\"targetstrip\":1}")));

        assertThat(read).extracting(e -> e.name() + " " + e.type() + " " + e.targets()).containsExactlyInAnyOrder(
                "web.example.org A [1.2.3.4]", "web.example.org TXT [" + label + "]",
                "alias.example.org CNAME [lb.example.net]", "alias.example.org TXT [" + label + "]");
    }

    @Test
    void classificationFollowsCoreDns() throws Exception {
        List<Endpoint> read = readBack(List.of(
                // A name host with text is TXT-kind: CoreDNS serves only the text.
                entry("/skydns/org/example/t/00000001", "{\"host\":\"web.example.org\",\"text\":\"hi\",\"targetstrip\":1}"),
                // An IP host with text is an A record: the text is invisible.
                entry("/skydns/org/example/a/00000001", "{\"host\":\"1.2.3.4\",\"text\":\"hidden\",\"targetstrip\":1}"),
                // 010.0.0.1 is not an IP to Go: a name, hence a CNAME.
                entry("/skydns/org/example/c/00000001", "{\"host\":\"010.0.0.1\",\"targetstrip\":1}"),
                // IPv4-mapped IPv6 is served as A.
                entry("/skydns/org/example/m/00000001", "{\"host\":\"::ffff:1.2.3.4\",\"targetstrip\":1}")));

        assertThat(read).extracting(e -> e.name() + " " + e.type() + " " + e.targets()).containsExactlyInAnyOrder(
                "t.example.org TXT [hi]", "a.example.org A [1.2.3.4]", "c.example.org CNAME [010.0.0.1]", "m.example.org A [::ffff:1.2.3.4]");
    }

    @Test
    void entriesDnsCannotServeGoToTheSkipListener() throws Exception {
        List<Endpoint> read = readBack(List.of(
                entry("/skydns/org/example/empty/00000001", "{}"),
                entry("/skydns/org/example/ttl-only/00000001", "{\"ttl\":60,\"owner\":\"me\"}"),
                entry("/elsewhere/org/example/www", "{\"host\":\"1.2.3.4\"}"),
                entry("/skydns/org//example", "{\"host\":\"1.2.3.4\"}"),
                entry("/skydns/org/example/bad/00000001", "{\"host\":\"a..b\",\"targetstrip\":1}"),
                entry("/skydns/org/example/good/00000001", "{\"host\":\"1.2.3.4\",\"targetstrip\":1}")));

        assertThat(read).extracting(e -> e.name().toString()).containsExactly("good.example.org");
        assertThat(skipped).containsOnlyKeys("/skydns/org/example/empty/00000001", "/skydns/org/example/ttl-only/00000001",
                "/elsewhere/org/example/www", "/skydns/org//example", "/skydns/org/example/bad/00000001");
        assertThat(skipped.get("/skydns/org/example/empty/00000001")).contains("neither host nor text");
        assertThat(skipped.get("/elsewhere/org/example/www")).contains("not a DNS name below /skydns/");
        assertThat(skipped.get("/skydns/org/example/bad/00000001")).contains("host 'a..b' has an empty label");
    }

    @Test
    void recordSetsOfDifferentOwnersStaySeparate() throws Exception {
        List<Endpoint> read = readBack(List.of(
                entry("/skydns/org/example/www/00000001", "{\"host\":\"1.2.3.4\",\"targetstrip\":1,\"owner\":\"a\"}"),
                entry("/skydns/org/example/www/00000002", "{\"host\":\"5.6.7.8\",\"targetstrip\":1,\"owner\":\"b\"}")));

        assertThat(read).extracting(e -> e.metadata().owner() + " " + e.targets()).containsExactly("a [1.2.3.4]", "b [5.6.7.8]");
    }

    @Test
    void oversizedTtlIsClampedAndTargetstripNeverStripsEverything() throws Exception {
        List<Endpoint> read = readBack(List.of(
                entry("/skydns/org/example/www/00000001", "{\"host\":\"1.2.3.4\",\"ttl\":4294967295,\"targetstrip\":1}"),
                entry("/skydns/org/short", "{\"host\":\"1.2.3.5\",\"targetstrip\":5}")));

        assertThat(read).extracting(e -> e.name() + " " + e.ttl())
                .containsExactly("www.example.org " + Endpoint.MAX_TTL, "short.org 0");
    }

    @Test
    void theDefaultTtlMustBePositive() {
        assertThatThrownBy(() -> new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(ZONE), 0))
                .hasMessageContaining("default TTL must be between 1 and");
        assertThat(mapping.defaultTtl()).isEqualTo(300);
        assertThat(mapping.keys().prefix()).isEqualTo("/skydns/");
    }
}
