package dev.wayfinder.server.answer;

import static dev.wayfinder.server.answer.Fixtures.soa;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The answer rules of {@code coredns-etcd-plugin.md} §3–§7 as a table against the pure answerer. */
class AnswererTest {

    private static final Answerer ANSWERER = Fixtures.answerer(Upstream.NONE);
    private static final dev.wayfinder.server.snapshot.ZoneSnapshot SNAPSHOT = Fixtures.snapshot(Fixtures.data());
    private static final String Z = "skydns.test.";

    private static final AnswerCase.Table T = new AnswerCase.Table(Z);

    static Stream<AnswerCase> cases() {
        String p1 = "server1.prod.region1.skydns.test.";
        return Stream.of(
                // §3.2 subtree and exact reads
                T.ok("leaf read", "a." + p1, Type.A, "a." + p1 + " 300 A 10.0.0.1"),
                T.ok("owner keeps the question's case", "a.SERVer1.pRod.region1.skydns.test", Type.A,
                        "a.SERVer1.pRod.region1.skydns.test. 300 A 10.0.0.1"),
                T.ok("subtree read returns every child", p1, Type.A, p1 + " 300 A 10.0.0.1", p1 + " 300 A 10.0.0.2"),
                T.ok("a leaf is shadowed by its children", "shadow.skydns.test", Type.A, "shadow.skydns.test. 300 A 10.9.1.2".replace("10.9.1.2", "10.9.0.2")),
                T.neg("sib does not match sibling/", "sib.skydns.test", Type.A, Rcode.NXDOMAIN),
                T.neg("missing name", "nothing.skydns.test", Type.A, Rcode.NXDOMAIN),
                T.neg("wrong family is NODATA", "a." + p1, Type.AAAA, Rcode.NOERROR),
                T.ok("AAAA", "server6.prod.region1.skydns.test", Type.AAAA, "server6.prod.region1.skydns.test. 300 AAAA ::1"),
                // §3.4 query wildcards
                T.ok("* matches any label", "*.prod.region1.skydns.test", Type.A,
                        "*.prod.region1.skydns.test. 300 A 10.0.0.1", "*.prod.region1.skydns.test. 300 A 10.0.0.2"),
                T.ok("any matches any label", "server1.any.region1.skydns.test", Type.A,
                        "server1.any.region1.skydns.test. 300 A 10.0.0.1", "server1.any.region1.skydns.test. 300 A 10.0.0.2"),
                T.neg("a wildcard whose cut path is a leaf is NODATA, not NXDOMAIN", "*.w1.skydns.test", Type.A, Rcode.NOERROR),
                T.neg("a stored * is not a DNS wildcard", "foo.wild.skydns.test", Type.A, Rcode.NXDOMAIN),
                T.ok("a stored * shows up under its parent", "wild.skydns.test", Type.A, "wild.skydns.test. 300 A 10.9.2.1"),
                // §4 JSON decoding and host classification
                T.ok("field names match case-insensitively", "upper.json.skydns.test", Type.A, "upper.json.skydns.test. 42 A 10.3.0.1"),
                T.ok("IPv4-mapped IPv6 is served as A", "mapped.json.skydns.test", Type.A, "mapped.json.skydns.test. 300 A 1.2.3.4"),
                T.neg("IPv4-mapped IPv6 has no AAAA", "mapped.json.skydns.test", Type.AAAA, Rcode.NOERROR),
                T.neg("leading zeros make a name (out of zone, no upstream)", "zeros.json.skydns.test", Type.A, Rcode.NOERROR),
                T.ok("an IP host with text is an A record", "iptext.json.skydns.test", Type.A, "iptext.json.skydns.test. 300 A 10.3.0.2"),
                T.neg("... and its text is invisible", "iptext.json.skydns.test", Type.TXT, Rcode.NOERROR),
                T.neg("null is an empty record", "null.json.skydns.test", Type.A, Rcode.NOERROR),
                T.neg("text-only is invisible to A", "textonly.json.skydns.test", Type.A, Rcode.NOERROR),
                T.ok("text-only answers TXT", "textonly.json.skydns.test", Type.TXT, "textonly.json.skydns.test. 300 TXT \"only\""),
                T.ok("unknown fields ignored, last duplicate wins", "unknown.json.skydns.test", Type.A, "unknown.json.skydns.test. 300 A 10.3.0.4"),
                T.neg("a type error is SERVFAIL", "x.bad.skydns.test", Type.A, Rcode.SERVFAIL),
                T.neg("a bad value breaks every read covering it", "bad.skydns.test", Type.A, Rcode.SERVFAIL),
                T.ok("a good sibling is unaffected", "y.bad.skydns.test", Type.A, "y.bad.skydns.test. 300 A 10.3.1.2"),
                T.neg("the apex fallback reads the bad value too", "skydns.test", Type.A, Rcode.SERVFAIL),
                T.ok("addresses are de-duplicated by raw host only", "v6.skydns.test", Type.AAAA,
                        "v6.skydns.test. 300 AAAA ::1", "v6.skydns.test. 300 AAAA ::1"),
                T.ok("identical hosts give one A", "dup.skydns.test", Type.A, "dup.skydns.test. 300 A 10.11.11.10"),
                // §4 group
                T.ok("group-00", "dom.skydns.test", Type.A, "dom.skydns.test. 300 A 10.5.0.1", "dom.skydns.test. 300 A 10.5.0.2"),
                T.ok("group-01", "dom2.skydns.test", Type.A, "dom2.skydns.test. 300 A 10.5.1.1", "dom2.skydns.test. 300 A 10.5.1.2"),
                T.ok("group-02", "dom1.skydns.test", Type.A, "dom1.skydns.test. 300 A 10.5.2.1"),
                // §6.1 CNAME chasing
                T.ok("in-zone CNAME is followed, subtree included", "www.skydns.test", Type.A,
                        "www.skydns.test. 60 CNAME server1.prod.region1.skydns.test.", p1 + " 300 A 10.0.0.1", p1 + " 300 A 10.0.0.2"),
                T.neg("unresolvable in-zone target gives NODATA (lookup-10)", "cname.prod.region1.skydns.test", Type.A, Rcode.NOERROR),
                T.neg("a CNAME loop gives NODATA", "a.cname.skydns.test", Type.A, Rcode.NOERROR),
                T.neg("a target below the name is a loop", "loopy.skydns.test", Type.A, Rcode.NOERROR),
                T.neg("out-of-zone target without upstream is dropped", "alias.skydns.test", Type.A, Rcode.NOERROR),
                T.neg("name+text is TXT-kind: no CNAME for A", "nametext.skydns.test", Type.A, Rcode.NOERROR),
                T.neg("twelve CNAMEs are too many", "c0.chain.skydns.test", Type.A, Rcode.NOERROR),
                // §6.2 CNAME query type
                T.ok("CNAME reads the exact key", "cname.prod.region1.skydns.test", Type.CNAME,
                        "cname.prod.region1.skydns.test. 300 CNAME unresolvable.skydns.test."),
                T.neg("CNAME with child keys is NXDOMAIN", "alias.skydns.test", Type.CNAME, Rcode.NXDOMAIN),
                T.ok("CNAME ignores text", "nametext.skydns.test", Type.CNAME, "nametext.skydns.test. 300 CNAME w1.skydns.test."),
                T.neg("CNAME of an IP host is NODATA", "w1.skydns.test", Type.CNAME, Rcode.NOERROR),
                T.neg("CNAME of a text-only record is NODATA", "textonly.json.skydns.test", Type.CNAME, Rcode.NOERROR),
                // §6.3 TXT
                T.ok("TXT in key order, de-duplicated by text", "txt.skydns.test", Type.TXT,
                        "txt.skydns.test. 300 TXT \"sometext\"", "txt.skydns.test. 300 TXT \"moretext\""),
                T.ok("255 bytes end with an empty string", "long.skydns.test", Type.TXT,
                        "long.skydns.test. 300 TXT \"" + "a".repeat(255) + "\" \"\""),
                T.ok("TXT follows CNAMEs", "txtalias.skydns.test", Type.TXT,
                        "txtalias.skydns.test. 300 CNAME a.txt.skydns.test.", "a.txt.skydns.test. 300 TXT \"sometext\""),
                // §6.4 SRV
                T.ok("lookup-04: SRV of an IP host with glue", "a." + p1, Type.SRV,
                        List.of("a." + p1 + " 300 SRV 10 100 8080 a." + p1), List.of("a." + p1 + " 300 A 10.0.0.1")),
                T.ok("SRV weights split a priority", p1, Type.SRV,
                        List.of(p1 + " 300 SRV 10 50 8080 a." + p1, p1 + " 300 SRV 10 50 8080 b." + p1),
                        List.of("a." + p1 + " 300 A 10.0.0.1", "b." + p1 + " 300 A 10.0.0.2")),
                T.ok("weights 5 and 15 give 25 and 75; in-zone glue; missing glue omitted", "weights.skydns.test", Type.SRV,
                        List.of("weights.skydns.test. 300 SRV 10 25 80 w1.skydns.test.", "weights.skydns.test. 300 SRV 10 75 81 w2.skydns.test."),
                        List.of("w1.skydns.test. 300 A 10.6.0.1")),
                T.ok("port -1 is skipped but counted; ports wrap at 16 bits", "portless.skydns.test", Type.SRV,
                        List.of("portless.skydns.test. 300 SRV 10 50 443 b.portless.skydns.test."),
                        List.of("b.portless.skydns.test. 300 A 10.6.1.2")),
                T.ok("targetstrip collapses two addresses into one SRV", "www.ext.skydns.test", Type.SRV,
                        List.of("www.ext.skydns.test. 300 SRV 10 50 0 www.ext.skydns.test."),
                        List.of("www.ext.skydns.test. 300 A 10.7.0.1", "www.ext.skydns.test. 300 A 10.7.0.2")),
                // §6.5 MX
                T.ok("other-01: MX with an in-zone CNAME chain as glue", "mail.skydns.test", Type.MX,
                        List.of("mail.skydns.test. 300 MX 20 mx.skydns.test."),
                        List.of("mx.skydns.test. 300 CNAME a.ipaddr.skydns.test.", "a.ipaddr.skydns.test. 300 A 172.16.1.1")),
                T.neg("other-00: no mail records is NODATA", "ipaddr.skydns.test", Type.MX, Rcode.NOERROR),
                T.ok("MX glue keeps the unstripped owner", "mxts.skydns.test", Type.MX,
                        List.of("mxts.skydns.test. 300 MX 10 mxts.skydns.test."), List.of("a.mxts.skydns.test. 300 A 10.8.0.1")),
                T.ok("other-03: one host, two preferences", "mx2.skydns.test", Type.MX,
                        List.of("mx2.skydns.test. 300 MX 10 mx2.skydns.test.", "mx2.skydns.test. 300 MX 20 mx2.skydns.test."),
                        List.of("a.mx2.skydns.test. 300 A 10.8.1.1", "b.mx2.skydns.test. 300 A 10.8.1.1")),
                // §6.6 PTR
                new AnswerCase("PTR exact read", "1.0.0.10.in-addr.arpa", Type.PTR, Rcode.NOERROR, "in-addr.arpa.",
                        List.of("1.0.0.10.in-addr.arpa. 300 PTR reverse.example.com."), List.of()),
                T.neg("PTR of an IP host is NODATA", "2.0.0.10.in-addr.arpa", Type.PTR, Rcode.NOERROR, "in-addr.arpa."),
                T.neg("PTR under a child key is NXDOMAIN", "3.0.0.10.in-addr.arpa", Type.PTR, Rcode.NXDOMAIN, "in-addr.arpa."),
                // §6.7 NS
                T.ok("lookup-20: NS at the apex from dns/ns", "skydns.test", Type.NS,
                        List.of("skydns.test. 300 NS c.ns.dns.skydns.test."),
                        List.of("c.ns.dns.skydns.test. 300 A 10.0.0.2", "c.ns.dns.skydns.test. 300 A 10.0.0.3")),
                T.neg("lookup-21: NS below the apex for a missing name", "a.skydns.test", Type.NS, Rcode.NXDOMAIN),
                T.neg("NS below the apex for an existing name", p1, Type.NS, Rcode.NOERROR),
                T.ok("lookup-22: ns.dns A", "ns.dns.skydns.test", Type.A,
                        "ns.dns.skydns.test. 300 A 10.0.0.2", "ns.dns.skydns.test. 300 A 10.0.0.3"),
                T.neg("NS with a name host is SERVFAIL", "nsbad.test", Type.NS, Rcode.SERVFAIL, "nsbad.test."),
                T.neg("no dns/ns keys: NXDOMAIN", "skydns_zonea.test", Type.NS, Rcode.NXDOMAIN, "skydns_zonea.test."),
                // §6.1 apex
                new AnswerCase("lookup-24: apex without dns/apex answers the zone", "skydns_zonea.test", Type.A, Rcode.NOERROR,
                        "skydns_zonea.test.", List.of("skydns_zonea.test. 300 A 10.0.0.2", "skydns_zonea.test. 300 A 10.0.0.3"), List.of()),
                new AnswerCase("apex from the exact dns/apex key", "skydns_zoneb.test", Type.A, Rcode.NOERROR,
                        "skydns_zoneb.test.", List.of("skydns_zoneb.test. 300 A 10.0.0.3"), List.of()),
                new AnswerCase("apex from dns/apex children", "skydns_zonec.test", Type.A, Rcode.NOERROR,
                        "skydns_zonec.test.", List.of("skydns_zonec.test. 300 A 10.0.0.2", "skydns_zonec.test. 300 A 10.0.0.3"), List.of()),
                T.neg("dns/apex present but useless: NODATA", "skydns_zoned.test", Type.A, Rcode.NOERROR, "skydns_zoned.test."),
                // §6.8 SOA and §6.9 other types
                new AnswerCase("SOA for any name, owned by the zone", "no.such.name.skydns.test", Type.SOA, Rcode.NOERROR, Z,
                        List.of(soa(Z)), List.of()),
                T.neg("other type on an existing name: NODATA", p1, Type.HINFO, Rcode.NOERROR),
                T.neg("other type on a missing name: NXDOMAIN", "gone.skydns.test", Type.CAA, Rcode.NXDOMAIN),
                T.neg("ANY is never answered", p1, Type.ANY, Rcode.NOERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsCoreDns(AnswerCase c) {
        c.check(ANSWERER, SNAPSHOT);
    }

    @Test
    void elevenCnamesAreFollowedToTheAddress() {
        Message reply = ANSWERER.answer(SNAPSHOT, Fixtures.query("c1.chain.skydns.test", Type.A), null);

        List<String> answer = Fixtures.lines(reply, Section.ANSWER);
        assertThat(answer).hasSize(12);
        assertThat(answer.subList(0, 11)).allMatch(l -> l.contains(" CNAME "));
        assertThat(answer.get(11)).isEqualTo("c12.chain.skydns.test. 300 A 10.1.1.12");
    }

    /** CoreDNS before 1.12.1 skips a CNAME once the chain already holds more than 7 records (CONFORMANCE.md row C1). */
    @Test
    void withCoreDns1101sChainLimitNineCnamesAreTooMany() {
        Answerer as1101 = ANSWERER.withCnameChainLimit(7);

        List<String> eight = Fixtures.lines(as1101.answer(SNAPSHOT, Fixtures.query("c4.chain.skydns.test", Type.A), null), Section.ANSWER);
        Message nine = as1101.answer(SNAPSHOT, Fixtures.query("c3.chain.skydns.test", Type.A), null);

        assertThat(eight).hasSize(9).last().isEqualTo("c12.chain.skydns.test. 300 A 10.1.1.12");
        assertThat(nine.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nine.getSection(Section.ANSWER)).isEmpty();
        assertThat(Fixtures.lines(ANSWERER.answer(SNAPSHOT, Fixtures.query("c3.chain.skydns.test", Type.A), null), Section.ANSWER))
                .hasSize(10);
    }

    @Test
    void namesOutsideTheZonesAreRefused() {
        Message reply = ANSWERER.answer(SNAPSHOT, Fixtures.query("example.net", Type.A), null);

        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
    }

    @Test
    void theReplyEchoesIdRdAndTheQuestion() {
        Message query = Fixtures.query("a.server1.prod.region1.skydns.test", Type.A);
        query.getHeader().setFlag(Flags.RD);

        Message reply = ANSWERER.answer(SNAPSHOT, query, null);

        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
    }
}
