package dev.wayfinder.gslb.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link GslbSettings#parse} as a table: every violation names its flag. */
class GslbSettingsTest {

    private static final List<String> ZONES = List.of("gb.foowidgets.k8s");

    /** The defaults with a geo tag, changed by one field. */
    private static RawGslb raw(String tag, List<String> peers, List<String> ext, List<String> edge, String edgeZone, List<String> ips,
                               String poll, String timeout, String grace, long ttl) {
        return new RawGslb(tag, peers, ext, edge, edgeZone, ips, poll, timeout, grace, ttl);
    }

    private static RawGslb ok() {
        return raw("us-buf", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);
    }

    private static RawGslb tag(String t) {
        return raw(t, List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);
    }

    private static RawGslb peers(String... p) {
        return raw("us-buf", List.of(p), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);
    }

    private static RawGslb discovery(List<String> ext, List<String> edge, String edgeZone) {
        return raw("us-buf", List.of(), ext, edge, edgeZone, List.of(), "5s", "1s", "30s", 30);
    }

    private static RawGslb timing(String poll, String timeout, String grace, long ttl) {
        return raw("us-buf", List.of(), List.of(), List.of(), "", List.of(), poll, timeout, grace, ttl);
    }

    private static RawGslb ips(String... ips) {
        return raw("us-buf", List.of(), List.of(), List.of(), "foowidgets.k8s", List.of(ips), "5s", "1s", "30s", 30);
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(tag(""), ZONES, "--cluster-geo-tag: required"),
                Arguments.of(tag("us_buf"), ZONES, "--cluster-geo-tag: 'us_buf' may contain only"),
                Arguments.of(ok(), List.of(), "--domain-filter: required"),
                Arguments.of(ok(), List.of("bad..zone"), "--domain-filter:"),
                Arguments.of(peers("us-nyc"), ZONES, "--gslb-peer: 'us-nyc' is not TAG=HOST[:PORT]"),
                Arguments.of(peers("us nyc=10.0.0.1"), ZONES, "--gslb-peer: 'us nyc=10.0.0.1' is not TAG=HOST[:PORT]"),
                Arguments.of(peers("us-buf=10.0.0.1"), ZONES, "--gslb-peer: 'us-buf=10.0.0.1' names this cluster's own geo tag"),
                Arguments.of(peers("us-nyc=10.0.0.1:0"), ZONES, "--gslb-peer: 'us-nyc=10.0.0.1:0': port 0 is not between 1 and 65535"),
                Arguments.of(peers("us-nyc=10.0.0.1:dns"), ZONES, "--gslb-peer: 'us-nyc=10.0.0.1:dns': port 'dns' is not a number"),
                Arguments.of(peers("us-nyc=[::1"), ZONES, "--gslb-peer: 'us-nyc=[::1': unclosed '['"),
                Arguments.of(peers("us-nyc=[::1]53"), ZONES, "--gslb-peer: 'us-nyc=[::1]53': expected ':' after ']'"),
                Arguments.of(peers("us-nyc="), ZONES, "--gslb-peer: 'us-nyc=': no host"),
                Arguments.of(discovery(List.of("eu_ams"), List.of("10.0.0.53"), "foowidgets.k8s"), ZONES,
                        "--ext-gslb-clusters-geo-tags: 'eu_ams' may contain only"),
                Arguments.of(discovery(List.of("eu-ams"), List.of(), "foowidgets.k8s"), ZONES,
                        "--ext-gslb-clusters-geo-tags: discovering [eu-ams] needs --edge-dns-server and --edge-dns-zone"),
                Arguments.of(discovery(List.of("eu-ams"), List.of("10.0.0.53"), ""), ZONES,
                        "--ext-gslb-clusters-geo-tags: discovering [eu-ams] needs"),
                Arguments.of(discovery(List.of("x".repeat(60)), List.of("10.0.0.53"), "foowidgets.k8s"), ZONES,
                        "--ext-gslb-clusters-geo-tags: the nameserver name of " + "x".repeat(60)),
                Arguments.of(discovery(List.of(), List.of("10.0.0.53:99999"), ""), ZONES, "--edge-dns-server: '10.0.0.53:99999': port 99999"),
                Arguments.of(discovery(List.of(), List.of(), "gb.foowidgets.k8s"), ZONES,
                        "--edge-dns-zone: gb.foowidgets.k8s must be a parent of the load-balanced zone gb.foowidgets.k8s"),
                Arguments.of(discovery(List.of(), List.of(), "example.org"), ZONES, "--edge-dns-zone: example.org must be a parent"),
                Arguments.of(raw("x".repeat(60), List.of(), List.of(), List.of(), "foowidgets.k8s", List.of(), "5s", "1s", "30s", 30), ZONES,
                        "--cluster-geo-tag: the nameserver name of"),
                Arguments.of(ips("10.0.0.300"), ZONES, "--cluster-exposed-ip: '10.0.0.300' is not an IP address"),
                Arguments.of(timing("5", "1s", "30s", 30), ZONES, "--gslb-poll-interval:"),
                Arguments.of(timing("0s", "1s", "30s", 30), ZONES, "--gslb-poll-interval: must be longer than zero"),
                Arguments.of(timing("5s", "0s", "30s", 30), ZONES, "--gslb-peer-timeout: must be longer than zero"),
                Arguments.of(timing("5s", "soon", "30s", 30), ZONES, "--gslb-peer-timeout:"),
                Arguments.of(timing("5s", "1s", "-1s", 30), ZONES, "--gslb-peer-grace:"),
                Arguments.of(timing("5s", "1s", "30s", 0), ZONES, "--ns-record-ttl: must be at least 1, got 0"),
                Arguments.of(k8gb("example.com:cloud.example.com", "", "gslb-ns-"), List.of(),
                        "--dns-zones: 'example.com:cloud.example.com' is not PARENT:ZONE:NEGTTL (k8gb's DNS_ZONES)"),
                Arguments.of(k8gb("example.com:cloud.example.com:soon", "", "gslb-ns-"), List.of(), "--dns-zones: 'example.com:cloud.example.com:soon': the negative TTL"),
                Arguments.of(k8gb("example.org:cloud.example.com:30", "", "gslb-ns-"), List.of(),
                        "--dns-zones: 'example.org:cloud.example.com:30': example.org is not a parent of cloud.example.com"),
                Arguments.of(k8gb("example.com:cloud.example.com:30", "", "gslb_ns_"), List.of(), "--gluea-prefix: 'gslb_ns_' may contain only"),
                Arguments.of(k8gb("", "", "gslb-ns-"), List.of(), "--domain-filter: required"),
                Arguments.of(ok().withServingDns("bind"), ZONES, "--gslb-serving-dns: 'bind' is not coredns or wayfinder"),
                Arguments.of(new RawGslb("us-buf", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30, "coredns", 0), ZONES,
                        "--gslb-discovered-peer-port: 0 is not between 1 and 65535"));
    }

    /** k8gb's zone settings: DNS_ZONES, DNS_ZONE, GLUEA_PREFIX. */
    private static RawGslb k8gb(String dnsZones, String dnsZone, String prefix) {
        return new RawGslb("eu", List.of(), List.of("us"), List.of("1.1.1.1"), "", List.of(), "5s", "1s", "30s", 30, dnsZones, dnsZone, prefix);
    }

    /**
     * k8gb's chart renders DNS_ZONES as parent:zone:negttl joined by ';' (chart/k8gb/templates/_helpers.tpl lines 73-81, from values.yaml
     * lines 26-33); its parser (controllers/resolver/config_zoneDelegations.go lines 33-66) wants exactly three parts and drops a
     * trailing ';'. Each zone is delegated by its own parent; GLUEA_PREFIX names the nameservers (even empty).
     */
    @Test
    void k8gbZonesWithTheirParentsAndTheGluePrefix() {
        List<String> violations = new ArrayList<>();

        GslbSettings s = GslbSettings.parse(k8gb("example.com:cloud.example.com:30;example.io:cloud.example.io:300;", "", ""), List.of(),
                violations);

        assertThat(violations).isEmpty();
        assertThat(s.zones()).containsExactly(DnsName.of("cloud.example.com"), DnsName.of("cloud.example.io"));
        assertThat(s.parent(DnsName.of("cloud.example.io"))).contains(DnsName.of("example.io"));
        assertThat(s.glueAPrefix()).isEmpty();
        assertThat(EdgeDelegation.nameserver(s.glueAPrefix(), "us", DnsName.of("cloud.example.io"), DnsName.of("example.io")))
                .isEqualTo(DnsName.of("us-cloud.example.io"));
        assertThat(new RawGslb("eu", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30,
                "example.com:cloud.example.com:30;example.io:cloud.example.io:300;", "old.example.com", "").k8gbZones())
                .containsExactly("cloud.example.com", "cloud.example.io", "old.example.com");

        GslbSettings legacy = GslbSettings.parse(new RawGslb("eu", List.of(), List.of("us"), List.of("1.1.1.1"), "example.com", List.of(),
                "5s", "1s", "30s", 30, "", "cloud.example.com", "gslb-ns-"), List.of(), violations);
        assertThat(violations).isEmpty();
        assertThat(legacy.zones()).containsExactly(DnsName.of("cloud.example.com"));
        assertThat(legacy.parent(DnsName.of("cloud.example.com"))).contains(DnsName.of("example.com"));
    }

    @ParameterizedTest
    @MethodSource
    void violations(RawGslb raw, List<String> zones, String expected) {
        List<String> violations = new ArrayList<>();

        assertThat(GslbSettings.parse(raw, zones, violations)).isNull();
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith(expected));
        assertThat(violations).allSatisfy(v -> assertThat(v).startsWith("--"));
    }

    @org.junit.jupiter.api.Test
    void theServingDnsIsStockCoreDnsUnlessToldOtherwise() {
        assertThat(GslbSettings.parse(ok(), ZONES, new ArrayList<>()).servingDns()).isEqualTo(dev.wayfinder.gslb.strategy.ServingDns.COREDNS);
        assertThat(GslbSettings.parse(ok().withServingDns("wayfinder"), ZONES, new ArrayList<>()).servingDns())
                .isEqualTo(dev.wayfinder.gslb.strategy.ServingDns.WAYFINDER);
    }

    static Stream<Arguments> peerAddresses() {
        return Stream.of(
                Arguments.of("us-nyc=10.0.0.1", new InetSocketAddress("10.0.0.1", 53)),
                Arguments.of("us-nyc=10.0.0.1:5353", new InetSocketAddress("10.0.0.1", 5353)),
                Arguments.of("us-nyc=[::1]:5353", new InetSocketAddress("::1", 5353)),
                Arguments.of("us-nyc=[2001:db8::53]", new InetSocketAddress("2001:db8::53", 53)),
                Arguments.of("us-nyc=2001:db8::53", new InetSocketAddress("2001:db8::53", 53)),
                Arguments.of(" us-nyc = ns.nyc.example:5353 ", InetSocketAddress.createUnresolved("ns.nyc.example", 5353)));
    }

    @ParameterizedTest
    @MethodSource
    void peerAddresses(String flag, InetSocketAddress expected) {
        List<String> violations = new ArrayList<>();

        GslbSettings s = GslbSettings.parse(peers(flag), ZONES, violations);

        assertThat(violations).isEmpty();
        assertThat(s.peers()).containsExactly(new PeerAddress("us-nyc", List.of(expected)));
    }

    @Test
    void repeatedTagsMergeAndRepeatedAddressesCountOnce() {
        List<String> violations = new ArrayList<>();

        GslbSettings s = GslbSettings.parse(raw("us-buf", List.of("us-nyc=10.0.0.1,eu-ams=10.1.0.1", "us-nyc=[::1]:5353", "us-nyc=10.0.0.1"),
                List.of("us-nyc,ap-tyo", "ap-tyo", "us-buf"), List.of("10.0.0.53", "edge.example:5353"), "foowidgets.k8s",
                List.of("192.0.2.10", "2001:db8::10"), "2s", "500ms", "1m", 60), ZONES, violations);

        assertThat(violations).isEmpty();
        assertThat(s.peers()).containsExactly(
                new PeerAddress("us-nyc", List.of(new InetSocketAddress("10.0.0.1", 53), new InetSocketAddress("::1", 5353))),
                new PeerAddress("eu-ams", List.of(new InetSocketAddress("10.1.0.1", 53))));
        // A tag given with --gslb-peer, and this cluster's own, are not looked up at the edge.
        assertThat(s.discovered()).containsExactly("ap-tyo");
        assertThat(s.edgeDnsServers()).containsExactly(new InetSocketAddress("10.0.0.53", 53),
                InetSocketAddress.createUnresolved("edge.example", 5353));
        assertThat(s.edgeDnsZone()).contains(DnsName.of("foowidgets.k8s"));
        assertThat(s.exposedIps()).containsExactly("192.0.2.10", "2001:db8::10");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.peerTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.peerGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.nsRecordTtl()).isEqualTo(60);
    }

    @Test
    void theDefaults() {
        List<String> violations = new ArrayList<>();

        GslbSettings s = GslbSettings.parse(RawGslb.DEFAULTS, ZONES, violations);

        assertThat(s).isNull();
        assertThat(violations).containsExactly("--cluster-geo-tag: required with --source=gslb (this cluster's geo tag, e.g. us-buf)");
        GslbSettings withTag = GslbSettings.parse(ok(), ZONES, new ArrayList<>());
        assertThat(withTag).isEqualTo(new GslbSettings("us-buf", List.of(DnsName.of("gb.foowidgets.k8s")), List.of(), List.of(), List.of(),
                Optional.empty(), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), 30));
    }
}
