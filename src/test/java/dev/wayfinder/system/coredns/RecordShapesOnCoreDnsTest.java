package dev.wayfinder.system.coredns;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.demo.coredns.CoreDnsProcess;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.system.support.Ask;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Every record shape the controller writes, written by the real etcd provider through {@link SkyDnsMapping}
 * (as the controller does) and answered by stock CoreDNS, section by section: rcode, answer, authority and
 * additional, with TTLs. The expectations follow CoreDNS v1.10.1's etcd plugin
 * ({@code plugin/etcd/msg/service.go}, {@code plugin/backend_lookup.go}); where CoreDNS's answer is not what a
 * reader would guess, the case says why. README's "What Wayfinder writes into etcd" states the same.
 */
@RequiresStockCoreDns
class RecordShapesOnCoreDnsTest {

    static final String Z = "example.org";
    static final String REVERSE = "2.0.192.in-addr.arpa";
    static final String SOA = "example.org. 30 SOA ns.dns.example.org. hostmaster.example.org. SERIAL 7200 1800 86400 30";
    static final String LONG_TEXT = "a".repeat(300);

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static CoreDnsProcess coredns;

    /** What the controller publishes: one endpoint per record set, as its sources produce them. */
    static List<Endpoint> published() {
        Metadata owned = Metadata.owned("wf-test", "service/default/shapes");
        List<Endpoint> out = new ArrayList<>(List.of(
                set("www", RecordType.A, Endpoint.TTL_UNSET, "192.0.2.1", "192.0.2.2"),
                set("www", RecordType.TXT, 60, "v=spf1 -all"),
                set("v6", RecordType.AAAA, 60, "2001:db8::1", "2001:db8::2"),
                set("dual", RecordType.A, 60, "192.0.2.3"),
                set("dual", RecordType.AAAA, 60, "2001:db8::3"),
                set("alias", RecordType.CNAME, 60, "www.example.org"),
                set("multi", RecordType.CNAME, 60, "web1.example.org", "web2.example.org"),
                set("web1", RecordType.A, 60, "192.0.2.21"),
                set("web2", RecordType.A, 60, "192.0.2.22"),
                set("ext", RecordType.CNAME, 60, "lb.cloud.example.net"),
                // A headless Service: ready pod IPs, per-pod names, and SRV per named port (ServiceSource).
                set("svc", RecordType.A, 30, "10.0.0.1", "10.0.0.2"),
                set("pod-0.svc", RecordType.A, 30, "10.0.0.1"),
                set("pod-1.svc", RecordType.A, 30, "10.0.0.2"),
                set("_http._tcp.svc", RecordType.SRV, 30, "0 50 8080 pod-0.svc.example.org", "0 50 8080 pod-1.svc.example.org"),
                // A NodePort Service: node addresses and SRV on the node port (ServiceSource).
                set("np", RecordType.A, 60, "192.0.2.30"),
                set("_np._tcp.np", RecordType.SRV, 60, "0 50 30080 np.example.org"),
                set("txt", RecordType.TXT, 60, "v=spf1 -all", "\"quoted\" text"),
                set("long", RecordType.TXT, 60, LONG_TEXT),
                set(Z, RecordType.MX, 3600, "10 mx1.example.org", "20 mx2.example.org"),
                set("mx1", RecordType.A, 3600, "192.0.2.25"),
                set(Z, RecordType.A, 60, "192.0.2.10", "192.0.2.11"),
                set(SkyDnsKeys.nameserverName(DnsName.of(Z), "ns1").toString(), RecordType.A, 3600, "192.0.2.53"),
                set(SkyDnsKeys.nameserverName(DnsName.of(Z), "ns2").toString(), RecordType.A, 3600, "192.0.2.54"),
                set("1." + REVERSE, RecordType.PTR, 60, "www.example.org"),
                // GSLB (GslbRecords): this cluster's healthy targets, and the decision per cluster with its geo tag and weight.
                set("localtargets-fe.gb", RecordType.A, 30, "10.2.1.167")));
        out.replaceAll(e -> e.withMetadata(owned));
        out.add(gslb(RecordType.A, "us-buf", 80, "10.2.1.167"));
        out.add(gslb(RecordType.A, "us-nyc", 20, "10.2.1.98"));
        out.add(gslb(RecordType.AAAA, "us-buf", 80, "2001:db8:1::167"));
        return out;
    }

    static Endpoint set(String name, RecordType type, long ttl, String... targets) {
        String fqdn = name.equals(Z) || name.endsWith("." + Z) || name.endsWith(".arpa") ? name : name + "." + Z;
        return new Endpoint(DnsName.of(fqdn), type, List.of(targets), ttl, "", Metadata.NONE);
    }

    /** {@code dnsTtlSeconds: 0} is written as 1 s, the shortest TTL CoreDNS serves. */
    static Endpoint gslb(RecordType type, String geoTag, int weight, String target) {
        return new Endpoint(DnsName.of("fe.gb." + Z), type, List.of(target), 1, geoTag,
                Metadata.owned("wf-test", "gslb/test-gslb/test-gslb-wrr").withGeo(geoTag, OptionalInt.of(weight)));
    }

    /** One question and the reply expected, each section as {@code name TTL TYPE rdata} lines (the SOA serial as SERIAL). */
    record Case(String why, String name, int type, int rcode, List<String> answer, List<String> authority, List<String> additional) {
        @Override
        public String toString() {
            return name + " " + Type.string(type) + ": " + why;
        }
    }

    static Case answer(String why, String name, int type, String... answer) {
        return new Case(why, name, type, Rcode.NOERROR, List.of(answer), List.of(), List.of());
    }

    static Case withGlue(String why, String name, int type, List<String> answer, String... additional) {
        return new Case(why, name, type, Rcode.NOERROR, answer, List.of(), List.of(additional));
    }

    static Case noData(String why, String name, int type) {
        return new Case(why, name, type, Rcode.NOERROR, List.of(), List.of(SOA), List.of());
    }

    static Case nxdomain(String why, String name, int type) {
        return new Case(why, name, type, Rcode.NXDOMAIN, List.of(), List.of(SOA), List.of());
    }

    static Stream<Case> cases() {
        return Stream.of(
                answer("A, one key per target; a TTL left unset is written as the default 300", "www.example.org", Type.A,
                        "www.example.org. 300 A 192.0.2.1", "www.example.org. 300 A 192.0.2.2"),
                answer("TXT beside A at the same name: text-only values, invisible to A questions", "www.example.org", Type.TXT,
                        "www.example.org. 60 TXT \"v=spf1 -all\""),
                noData("no AAAA at a name with A records", "www.example.org", Type.AAAA),
                answer("AAAA", "v6.example.org", Type.AAAA, "v6.example.org. 60 AAAA 2001:db8::1", "v6.example.org. 60 AAAA 2001:db8::2"),
                noData("no A at an AAAA-only name", "v6.example.org", Type.A),
                answer("A and AAAA at one name: each question gets its family", "dual.example.org", Type.A, "dual.example.org. 60 A 192.0.2.3"),
                answer("A and AAAA at one name: each question gets its family", "dual.example.org", Type.AAAA,
                        "dual.example.org. 60 AAAA 2001:db8::3"),
                answer("single-target CNAME, chased in the zone", "alias.example.org", Type.A, "alias.example.org. 60 CNAME www.example.org.",
                        "www.example.org. 300 A 192.0.2.1", "www.example.org. 300 A 192.0.2.2"),
                answer("single-target CNAME at the exact key: the CNAME question (an exact read) finds it", "alias.example.org", Type.CNAME,
                        "alias.example.org. 60 CNAME www.example.org."),
                answer("multi-target CNAME: every target, each chased", "multi.example.org", Type.A,
                        "multi.example.org. 60 CNAME web1.example.org.", "web1.example.org. 60 A 192.0.2.21",
                        "multi.example.org. 60 CNAME web2.example.org.", "web2.example.org. 60 A 192.0.2.22"),
                nxdomain("multi-target CNAME: its targets sit in leaves, and CoreDNS answers the CNAME question with an exact read"
                        + " of the name's key, which holds nothing (several CNAMEs at one name are not valid DNS either)",
                        "multi.example.org", Type.CNAME),
                answer("CNAME out of the zone: CoreDNS without forward keeps the CNAME and adds nothing", "ext.example.org", Type.A,
                        "ext.example.org. 60 CNAME lb.cloud.example.net."),
                answer("headless Service: the name's subtree holds the per-pod names too; the same addresses answer once, and the SRV"
                        + " targets below the name are not chased (CoreDNS drops targets below the question as loops)", "svc.example.org", Type.A,
                        "svc.example.org. 30 A 10.0.0.1", "svc.example.org. 30 A 10.0.0.2"),
                answer("headless Service: a per-pod name", "pod-0.svc.example.org", Type.A, "pod-0.svc.example.org. 30 A 10.0.0.1"),
                withGlue("SRV: the target names whole (targetstrip 0); priority 0 is served as 10 (CoreDNS's default for 0) and weights"
                                + " are normalised to shares of 100 per priority; glue from the zone", "_http._tcp.svc.example.org", Type.SRV,
                        List.of("_http._tcp.svc.example.org. 30 SRV 10 50 8080 pod-0.svc.example.org.",
                                "_http._tcp.svc.example.org. 30 SRV 10 50 8080 pod-1.svc.example.org."),
                        "pod-0.svc.example.org. 30 A 10.0.0.1", "pod-1.svc.example.org. 30 A 10.0.0.2"),
                withGlue("NodePort SRV pointing at the Service's own name", "_np._tcp.np.example.org", Type.SRV,
                        List.of("_np._tcp.np.example.org. 60 SRV 10 100 30080 np.example.org."), "np.example.org. 60 A 192.0.2.30"),
                answer("the NodePort name: its SRV below points back at it and is not taken for a CNAME", "np.example.org", Type.A,
                        "np.example.org. 60 A 192.0.2.30"),
                answer("TXT, quotes kept as data", "txt.example.org", Type.TXT, "txt.example.org. 60 TXT \"v=spf1 -all\"",
                        "txt.example.org. 60 TXT \"\\\"quoted\\\" text\""),
                noData("a TXT-only name has no A", "txt.example.org", Type.A),
                answer("TXT longer than 255 bytes: split into 255-byte strings", "long.example.org", Type.TXT,
                        "long.example.org. 60 TXT \"" + "a".repeat(255) + "\" \"" + "a".repeat(45) + "\""),
                withGlue("MX at the apex: exchanges whole (targetstrip 0); glue for the in-zone exchange that has an address",
                        Z, Type.MX, List.of("example.org. 3600 MX 10 mx1.example.org.", "example.org. 3600 MX 20 mx2.example.org."),
                        "mx1.example.org. 3600 A 192.0.2.25"),
                answer("apex A from dns/apex: only the apex's own addresses, not every address in the zone", Z, Type.A,
                        "example.org. 60 A 192.0.2.10", "example.org. 60 A 192.0.2.11"),
                noData("apex AAAA: dns/apex holds keys, so CoreDNS answers from them alone (no fallback to the whole zone)", Z, Type.AAAA),
                answer("TXT at the apex: CoreDNS has no apex case for TXT and reads the whole zone, so every TXT in the zone answers"
                                + " at the apex (the same text once), and so does every CNAME that leaves the zone (the in-zone ones point"
                                + " below the apex, which CoreDNS drops as loops)", Z, Type.TXT,
                        "example.org. 60 TXT \"v=spf1 -all\"", "example.org. 60 TXT \"\\\"quoted\\\" text\"",
                        "example.org. 60 CNAME lb.cloud.example.net.",
                        "example.org. 60 TXT \"" + "a".repeat(255) + "\" \"" + "a".repeat(45) + "\""),
                withGlue("NS: the ns.dns form, one NS per name server with its address as glue", Z, Type.NS,
                        List.of("example.org. 3600 NS ns1.ns.dns.example.org.", "example.org. 3600 NS ns2.ns.dns.example.org."),
                        "ns1.ns.dns.example.org. 3600 A 192.0.2.53", "ns2.ns.dns.example.org. 3600 A 192.0.2.54"),
                answer("a name server's address", "ns1.ns.dns.example.org", Type.A, "ns1.ns.dns.example.org. 3600 A 192.0.2.53"),
                answer("SOA: synthesised by CoreDNS", Z, Type.SOA, SOA),
                answer("PTR at the exact reverse key", "1." + REVERSE, Type.PTR, "1.2.0.192.in-addr.arpa. 60 PTR www.example.org."),
                answer("GSLB localtargets-: this cluster's healthy targets, which the peers poll", "localtargets-fe.gb.example.org", Type.A,
                        "localtargets-fe.gb.example.org. 30 A 10.2.1.167"),
                answer("GSLB host: every cluster's set (geoTag, lbWeight and the set id are fields CoreDNS ignores); TTL 0 written as 1",
                        "fe.gb.example.org", Type.A, "fe.gb.example.org. 1 A 10.2.1.167", "fe.gb.example.org. 1 A 10.2.1.98"),
                answer("GSLB host, IPv6", "fe.gb.example.org", Type.AAAA, "fe.gb.example.org. 1 AAAA 2001:db8:1::167"),
                nxdomain("a name nobody published", "nobody.example.org", Type.A));
    }

    @BeforeAll
    static void start() throws Exception {
        SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of(Z), DnsName.of(REVERSE)), 300);
        try (EtcdProvider provider = new EtcdProvider(ETCD.client(), mapping, DomainFilter.of(List.of(Z, REVERSE), List.of()))) {
            provider.apply(Changes.create(published().toArray(Endpoint[]::new)));
        }
        coredns = StockCoreDns.start(port -> CorefileCommandOnCoreDnsTest.corefile("--zone", Z, "--zone", REVERSE,
                "--etcd-urls", ETCD.clientUrl(), "--port", String.valueOf(port)));
    }

    @AfterAll
    static void stop() {
        if (coredns != null) {
            coredns.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stockCoreDnsAnswersWhatTheControllerWrote(Case c) {
        Message m = Ask.ask(coredns.address(), c.name(), c.type());

        assertThat(Rcode.string(m.getRcode())).as("rcode").isEqualTo(Rcode.string(c.rcode()));
        assertThat(m.getHeader().getFlag(Flags.AA)).as("authoritative").isTrue();
        assertThat(lines(m, Section.ANSWER)).as("answer").containsExactlyInAnyOrderElementsOf(c.answer());
        assertThat(lines(m, Section.AUTHORITY)).as("authority").containsExactlyInAnyOrderElementsOf(c.authority());
        assertThat(lines(m, Section.ADDITIONAL)).as("additional").containsExactlyInAnyOrderElementsOf(c.additional());
        if (c.answer().size() > 1 && c.answer().get(0).contains(" CNAME ")) {
            // A chain reads in order: the CNAME before what its target gave.
            assertThat(lines(m, Section.ANSWER).get(0)).as("first answer").contains(" CNAME ");
        }
    }

    /**
     * {@code name TTL TYPE rdata}: IPv6 addresses in their short form, the SOA's serial (the clock, in CoreDNS) as SERIAL.
     * The EDNS OPT record CoreDNS echoes is not data and is left out.
     */
    static List<String> lines(Message m, int section) {
        return m.getSection(section).stream().filter(r -> r.getType() != Type.OPT).map(RecordShapesOnCoreDnsTest::line).toList();
    }

    static String line(Record r) {
        String rdata = r instanceof SOARecord soa ? soa.rdataToString().replace(" " + soa.getSerial() + " ", " SERIAL ")
                : r instanceof AAAARecord aaaa ? IpLiteral.canonical(aaaa.getAddress())
                : r instanceof TXTRecord txt ? txt.getStringsAsByteArrays().stream().map(RecordShapesOnCoreDnsTest::quoted).collect(joining(" "))
                : r.rdataToString();
        return r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + rdata;
    }

    /** One TXT string as zone files write it: in quotes, with quotes and backslashes escaped. */
    static String quoted(byte[] string) {
        return "\"" + new String(string, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
