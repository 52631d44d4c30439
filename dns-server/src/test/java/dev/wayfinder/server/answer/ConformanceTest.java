package dev.wayfinder.server.answer;

import static dev.wayfinder.server.answer.Fixtures.soa;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The adversarial conformance table: rules of {@code coredns-etcd-plugin.md} §3–§7 (and of the
 * CoreDNS code it describes) that {@link AnswererTest} does not reach, over
 * {@link ConformanceFixtures}' data with an upstream stub.
 */
class ConformanceTest {

    private static final Answerer ANSWERER = ConformanceFixtures.answerer();
    private static final ZoneSnapshot SNAPSHOT = Fixtures.snapshot(ConformanceFixtures.data());
    private static final String Z = "conf.test.";

    private static final AnswerCase.Table T = new AnswerCase.Table(Z);

    static Stream<AnswerCase> reads() {
        return Stream.of(
                T.ok("only keys below KEY/ count, whatever sorts around the slash", "ord.conf.test", Type.A, "ord.conf.test. 300 A 10.1.0.4"),
                T.ok("a leaf whose name sorts before a sibling's subtree", "ord-x.conf.test", Type.A, "ord-x.conf.test. 300 A 10.1.0.2"),
                T.ok("a label ending in / reads like path.Clean made it", "x/.slash.conf.test", Type.A, "x/.slash.conf.test. 300 A 10.1.1.1"),
                T.ok("a label with // collapses like path.Clean", "a//b.slash.conf.test", Type.A, "a//b.slash.conf.test. 300 A 10.1.1.2"),
                T.ok("a key ending in / is found by the range read of its name", "trail.conf.test", Type.A,
                        "trail.conf.test. 300 A 10.1.15.1"),
                T.ok("... and names an SRV target without the empty segment", "trail.conf.test", Type.SRV,
                        List.of("trail.conf.test. 300 SRV 10 100 0 trail.conf.test."), List.of("trail.conf.test. 300 A 10.1.15.1")),
                T.neg("an upper-case key is never found", "upper.conf.test", Type.A, Rcode.NXDOMAIN),
                // §3.4 wildcards
                T.neg("a wildcard whose cut path is absent is NXDOMAIN", "*.nothere.conf.test", Type.A, Rcode.NXDOMAIN),
                T.neg("a wildcard whose cut path is a leaf is NODATA", "*.ord-x.conf.test", Type.A, Rcode.NOERROR),
                T.neg("CNAME reads only the cut path: absent", "*.df.conf.test", Type.CNAME, Rcode.NXDOMAIN),
                T.neg("CNAME reads only the cut path: present, then dropped by the depth rule", "*.case.conf.test", Type.CNAME, Rcode.NOERROR),
                T.ok("any is a wildcard label, matching every key with x at that depth", "x.any.conf.test", Type.A,
                        "x.any.conf.test. 300 A 10.1.10.1", "x.any.conf.test. 300 A 10.1.1.1"),
                T.ok("ANY in the question is lower-cased first, the owner keeps its case", "x.ANY.conf.test", Type.A,
                        "x.ANY.conf.test. 300 A 10.1.10.1", "x.ANY.conf.test. 300 A 10.1.1.1"),
                // §4 group
                T.ok("group: the scan stops at a shallower record without a group", "grp.conf.test", Type.A,
                        "grp.conf.test. 300 A 10.1.13.1", "grp.conf.test. 300 A 10.1.13.2"),
                T.ok("group: a shallower record with a group takes over", "grp2.conf.test", Type.A, "grp2.conf.test. 300 A 10.1.14.2"),
                // §4 decode errors
                T.ok("the wildcard filter drops keys before they are decoded", "y.*.bad.test", Type.A,
                        List.of("y.*.bad.test. 300 A 10.3.0.1"), List.of()),
                T.neg("the apex's whole-zone fallback reads every bad value", "bad.test", Type.A, Rcode.SERVFAIL, "bad.test."),
                T.neg("TXT at the apex reads the whole zone too", "bad.test", Type.TXT, Rcode.SERVFAIL, "bad.test."),
                T.neg("a string port", "x.a.bad.test", Type.A, Rcode.SERVFAIL, "bad.test."),
                T.neg("a string mail", "mail.e.bad.test", Type.A, Rcode.SERVFAIL, "bad.test."),
                T.neg("a fractional port", "frac.e.bad.test", Type.SRV, Rcode.SERVFAIL, "bad.test."),
                T.neg("a negative ttl", "negttl.e.bad.test", Type.TXT, Rcode.SERVFAIL, "bad.test."),
                T.neg("a ttl above uint32", "bigttl.e.bad.test", Type.MX, Rcode.SERVFAIL, "bad.test."),
                T.neg("trailing garbage", "trailing.e.bad.test", Type.HINFO, Rcode.SERVFAIL, "bad.test."),
                T.neg("an array", "array.e.bad.test", Type.CNAME, Rcode.SERVFAIL, "bad.test."),
                T.neg("a number for host", "number.e.bad.test", Type.AAAA, Rcode.SERVFAIL, "bad.test."),
                T.neg("a read that covers no bad value is unaffected", "nothing.bad.test", Type.A, Rcode.NXDOMAIN, "bad.test."),
                new AnswerCase("SOA never reads etcd", "bad.test", Type.SOA, Rcode.NOERROR, "bad.test.", List.of(soa("bad.test.")), List.of()),
                // longest zone match
                T.neg("the longest zone's SOA", "nothing.sub.conf.test", Type.A, Rcode.NXDOMAIN, "sub.conf.test."),
                new AnswerCase("SOA of the longest zone", "h.sub.conf.test", Type.SOA, Rcode.NOERROR, "sub.conf.test.",
                        List.of(soa("sub.conf.test.")), List.of()),
                T.neg("a target outside the longest zone goes upstream (which fails here)", "back.sub.conf.test", Type.A,
                        Rcode.NOERROR, "sub.conf.test."),
                T.neg("NS at the apex of a zone without dns/ns: NXDOMAIN, as CoreDNS >= 1.12.2 (CONFORMANCE.md row N1)", "sub.conf.test", Type.NS,
                        Rcode.NXDOMAIN, "sub.conf.test."));
    }

    static Stream<AnswerCase> chains() {
        return Stream.of(
                T.ok("CNAME chains are depth-first, then the next record", "df.conf.test", Type.A,
                        "df.conf.test. 300 CNAME target.df2.conf.test.", "target.df2.conf.test. 300 A 10.1.2.1",
                        "df.conf.test. 300 A 10.1.2.2"),
                T.ok("a target beyond ASCII is its UTF-8 bytes, as miekg/dns packs a Go string", "utf8.conf.test", Type.CNAME,
                        "utf8.conf.test. 300 CNAME \\195\\188ber.example."),
                T.ok("U+FFFD (Go's reading of a byte that is not UTF-8) in a target: its three bytes", "fffd.conf.test", Type.CNAME,
                        "fffd.conf.test. 300 CNAME \\239\\191\\189x."),
                T.ok("a chased target keeps the case it is stored with", "case.conf.test", Type.A,
                        "case.conf.test. 300 CNAME Target.DF2.conf.test.", "Target.DF2.conf.test. 300 A 10.1.2.1"),
                T.ok("a target with escapes is read under its normalised name", "escchain.conf.test", Type.A,
                        "escchain.conf.test. 300 CNAME Target.df2.conf.test.", "Target.df2.conf.test. 300 A 10.1.2.1"),
                T.ok("the apex reads dns/apex", "conf.test", Type.A, "conf.test. 300 A 10.1.3.1"),
                T.ok("a CNAME to the apex gets the apex rules", "toapex.conf.test", Type.A,
                        "toapex.conf.test. 300 CNAME conf.test.", "conf.test. 300 A 10.1.3.1"),
                T.ok("a target in a deeper zone is still in the matched zone", "tosub.conf.test", Type.A,
                        "tosub.conf.test. 300 CNAME h.sub.conf.test.", "h.sub.conf.test. 300 A 10.1.9.1"),
                T.ok("out of zone: upstream's answer is appended", "ext.conf.test", Type.A,
                        "ext.conf.test. 300 CNAME ext.example.", "ext.example. 60 A 192.0.2.1"),
                T.ok("out of zone: upstream is asked for the question's type", "ext.conf.test", Type.AAAA,
                        "ext.conf.test. 300 CNAME ext.example.", "ext.example. 60 CNAME alias.example.",
                        "alias.example. 60 AAAA 2001:db8::1"),
                T.ok("out of zone: an NXDOMAIN from upstream keeps the CNAME", "extnx.conf.test", Type.A,
                        "extnx.conf.test. 300 CNAME nx.example."),
                T.neg("out of zone: a failed upstream drops the CNAME", "extfail.conf.test", Type.A, Rcode.NOERROR),
                T.ok("TXT through an out-of-zone CNAME with no TXT upstream: the CNAME alone", "exttxt.conf.test", Type.TXT,
                        "exttxt.conf.test. 300 CNAME ext.example."),
                T.ok("the apex's A comes from dns/apex only", "apexed.test", Type.A, List.of("apexed.test. 300 A 10.2.0.1"), List.of()),
                new AnswerCase("TXT at the apex reads the whole zone, not dns/apex", "apexed.test", Type.TXT, Rcode.NOERROR, "apexed.test.",
                        List.of("apexed.test. 300 TXT \"ignored\"", "apexed.test. 300 TXT \"apex-txt\""), List.of()),
                new AnswerCase("NS: AAAA glue, TXT-kind ignored, the owner keeps the question's case", "APEXED.test", Type.NS,
                        Rcode.NOERROR, "apexed.test.", List.of("APEXED.test. 300 NS ns1.ns.dns.apexed.test."),
                        List.of("ns1.ns.dns.apexed.test. 300 AAAA 2001:db8::53")),
                T.neg("other types at an apex with dns/apex: NODATA", "apexed.test", Type.HINFO, Rcode.NOERROR, "apexed.test."),
                T.neg("ANY on a missing name: NXDOMAIN", "nothing.conf.test", Type.ANY, Rcode.NXDOMAIN),
                new AnswerCase("PTR: a name host with text still answers", "4.0.1.10.in-addr.arpa", Type.PTR, Rcode.NOERROR, "in-addr.arpa.",
                        List.of("4.0.1.10.in-addr.arpa. 300 PTR named.conf.test."), List.of()),
                new AnswerCase("PTR keeps the target's case", "5.0.1.10.in-addr.arpa", Type.PTR, Rcode.NOERROR, "in-addr.arpa.",
                        List.of("5.0.1.10.in-addr.arpa. 300 PTR Mixed.Example."), List.of()));
    }

    static Stream<AnswerCase> srvAndMx() {
        return Stream.of(
                T.ok("in-zone SRV glue follows the target's CNAME chain upstream", "srvtc.conf.test", Type.SRV,
                        List.of("srvtc.conf.test. 300 SRV 10 100 80 exttc.conf.test."),
                        List.of("exttc.conf.test. 300 CNAME tc.example.", "tc.example. 60 A 192.0.2.9")),
                T.ok("out-of-zone SRV glue: upstream A, then AAAA without CNAMEs", "srvext.conf.test", Type.SRV,
                        List.of("srvext.conf.test. 300 SRV 10 100 443 ext.example."),
                        List.of("ext.example. 60 A 192.0.2.1", "alias.example. 60 AAAA 2001:db8::1")),
                T.ok("weights beyond int32 convert to 0, then 1", "w.conf.test", Type.SRV,
                        List.of("w.conf.test. 300 SRV 10 1 1 a.w.conf.test.", "w.conf.test. 300 SRV 10 1 2 b.w.conf.test."),
                        List.of("a.w.conf.test. 300 A 10.1.4.1", "b.w.conf.test. 300 A 10.1.4.2")),
                T.ok("negative weights wrap at 16 bits", "wn.conf.test", Type.SRV,
                        List.of("wn.conf.test. 300 SRV 10 65436 1 a.wn.conf.test.", "wn.conf.test. 300 SRV 10 200 2 b.wn.conf.test."),
                        List.of("a.wn.conf.test. 300 A 10.1.5.1", "b.wn.conf.test. 300 A 10.1.5.2")),
                T.ok("weights 1 and 1000 give 1 (the minimum) and 99", "w1k.conf.test", Type.SRV,
                        List.of("w1k.conf.test. 300 SRV 10 1 1 a.w1k.conf.test.", "w1k.conf.test. 300 SRV 10 99 2 b.w1k.conf.test."),
                        List.of("a.w1k.conf.test. 300 A 10.1.5.3", "b.w1k.conf.test. 300 A 10.1.5.4")),
                T.ok("three equal records get 33 each", "w3.conf.test", Type.SRV,
                        List.of("w3.conf.test. 300 SRV 10 33 1 a.w3.conf.test.", "w3.conf.test. 300 SRV 10 33 2 b.w3.conf.test.",
                                "w3.conf.test. 300 SRV 10 33 3 c.w3.conf.test."),
                        List.of("a.w3.conf.test. 300 A 10.1.5.5", "b.w3.conf.test. 300 A 10.1.5.6", "c.w3.conf.test. 300 A 10.1.5.7")),
                T.ok("weights are totalled per priority before 16-bit truncation", "prio.conf.test", Type.SRV,
                        List.of("prio.conf.test. 300 SRV 10 50 1 a.prio.conf.test.", "prio.conf.test. 300 SRV 10 100 2 b.prio.conf.test.",
                                "prio.conf.test. 300 SRV 20 100 3 c.prio.conf.test.", "prio.conf.test. 300 SRV 10 50 4 d.prio.conf.test."),
                        List.of("a.prio.conf.test. 300 A 10.1.6.1", "b.prio.conf.test. 300 A 10.1.6.2",
                                "c.prio.conf.test. 300 A 10.1.6.3", "d.prio.conf.test. 300 A 10.1.6.4")),
                T.ok("a TXT-kind record counts in the total; a text-only one is filtered out first", "tk.conf.test", Type.SRV,
                        List.of("tk.conf.test. 300 SRV 10 50 1 a.tk.conf.test."), List.of("a.tk.conf.test. 300 A 10.1.7.1")),
                T.ok("name targets are not de-duplicated; their glue is fetched once", "sd.conf.test", Type.SRV,
                        List.of("sd.conf.test. 300 SRV 10 50 80 t.sd2.conf.test.", "sd.conf.test. 300 SRV 10 50 80 t.sd2.conf.test."),
                        List.of("t.sd2.conf.test. 300 A 10.1.8.1")),
                T.ok("an IPv6 host gets AAAA glue", "s6.conf.test", Type.SRV,
                        List.of("s6.conf.test. 300 SRV 10 100 80 a.s6.conf.test."), List.of("a.s6.conf.test. 300 AAAA 2001:db8::5")),
                T.ok("an IPv4-mapped host gets A glue", "smap.conf.test", Type.SRV,
                        List.of("smap.conf.test. 300 SRV 10 100 8 a.smap.conf.test."), List.of("a.smap.conf.test. 300 A 10.1.8.2")),
                T.ok("targetstrip applies to name targets", "sts.conf.test", Type.SRV,
                        List.of("sts.conf.test. 300 SRV 10 100 1 y.example."), List.of()),
                T.ok("out-of-zone MX glue: upstream A, then AAAA without CNAMEs", "mxo.conf.test", Type.MX,
                        List.of("mxo.conf.test. 300 MX 10 ext.example."),
                        List.of("ext.example. 60 A 192.0.2.1", "alias.example. 60 AAAA 2001:db8::1")),
                T.ok("one exchange twice: two MX, glue once", "mxd.conf.test", Type.MX,
                        List.of("mxd.conf.test. 300 MX 10 t.sd2.conf.test.", "mxd.conf.test. 300 MX 5 t.sd2.conf.test."),
                        List.of("t.sd2.conf.test. 300 A 10.1.8.1")),
                T.ok("MX of an IPv6 host: stripped exchange, unstripped AAAA glue owner", "mx6.conf.test", Type.MX,
                        List.of("mx6.conf.test. 300 MX 10 mx6.conf.test."), List.of("a.mx6.conf.test. 300 AAAA 2001:db8::6")));
    }

    static Stream<AnswerCase> ttlAndText() {
        return Stream.of(
                T.ok("the largest uint32 ttl is served as stored", "wide.ttl.conf.test", Type.A, "wide.ttl.conf.test. 4294967295 A 10.1.12.1"),
                T.ok("2^31 is served as stored", "big.ttl.conf.test", Type.A, "big.ttl.conf.test. 2147483648 A 10.1.12.2"),
                T.ok("2^31-1", "plain.ttl.conf.test", Type.A, "plain.ttl.conf.test. 2147483647 A 10.1.12.3"),
                T.ok("a wide ttl on a CNAME", "widecname.conf.test", Type.A,
                        "widecname.conf.test. 3000000000 CNAME ord-x.conf.test.", "ord-x.conf.test. 300 A 10.1.0.2"),
                T.ok("254 bytes: one string", "t254.conf.test", Type.TXT, "t254.conf.test. 300 TXT \"" + "b".repeat(254) + "\""),
                T.ok("300 bytes: 255 and 45", "t300.conf.test", Type.TXT,
                        "t300.conf.test. 300 TXT \"" + "c".repeat(255) + "\" \"" + "c".repeat(45) + "\""),
                T.ok("510 bytes: 255, 255 and an empty string", "t510.conf.test", Type.TXT,
                        "t510.conf.test. 300 TXT \"" + "d".repeat(255) + "\" \"" + "d".repeat(255) + "\" \"\""),
                T.ok("\\DDD escapes in text are packed as the byte, quotes are data", "tesc.conf.test", Type.TXT,
                        "tesc.conf.test. 300 TXT \"aAb\"c\""));
    }

    static Stream<AnswerCase> all() {
        return Stream.of(reads(), chains(), srvAndMx(), ttlAndText()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void answersAsCoreDns(AnswerCase c) {
        c.check(ANSWERER, SNAPSHOT);
    }

    @Test
    void aTruncatedUpstreamAnswerSetsTcOnAnAddressReply() {
        Message reply = ANSWERER.answer(SNAPSHOT, Fixtures.query("exttc.conf.test", Type.A), null);

        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(Fixtures.lines(reply, Section.ANSWER))
                .containsExactly("exttc.conf.test. 300 CNAME tc.example.", "tc.example. 60 A 192.0.2.9");
    }

    @Test
    void wideTtlsGoOnTheWireAsStoredWithTheSameRdata() throws Exception {
        Message reply = ANSWERER.answer(SNAPSHOT, Fixtures.query("wide.ttl.conf.test", Type.A), null);
        Record a = reply.getSection(Section.ANSWER).get(0);

        byte[] wire = a.toWire(Section.ANSWER);
        int ttlAt = a.getName().length() + 4;
        assertThat(Arrays.copyOfRange(wire, ttlAt, ttlAt + 4)).containsExactly(0xff, 0xff, 0xff, 0xff);
        assertThat(Arrays.copyOfRange(wire, ttlAt + 4, wire.length)).containsExactly(0, 4, 10, 1, 12, 1);
        assertThat(a.getType()).isEqualTo(Type.A);
        byte[] message = reply.toWire();
        assertThat(indexOf(message, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 4, 10, 1, 12, 1})).isPositive();
    }

    @Test
    void aWideTtlOnTextKeepsTheStrings() {
        Message reply = ANSWERER.answer(SNAPSHOT, Fixtures.query("widetxt.conf.test", Type.TXT), null);
        Record txt = reply.getSection(Section.ANSWER).get(0);

        assertThat(txt.getType()).isEqualTo(Type.TXT);
        assertThat(txt.getTTL()).isEqualTo(3_000_000_000L);
        byte[] wire = txt.toWire(Section.ANSWER);
        assertThat(Arrays.copyOfRange(wire, txt.getName().length() + 8, wire.length)).containsExactly(0, 5, 4, 'w', 'i', 'd', 'e');
    }

    @Test
    void textIsCutIntoStringsByBytesNotCharacters() {
        Message reply = ANSWERER.answer(SNAPSHOT, Fixtures.query("tutf.conf.test", Type.TXT), null);

        TXTRecord txt = (TXTRecord) reply.getSection(Section.ANSWER).get(0);
        List<byte[]> strings = txt.getStringsAsByteArrays();
        byte[] all = "\u00e9".repeat(128).getBytes(StandardCharsets.UTF_8);
        assertThat(strings).hasSize(2);
        assertThat(strings.get(0)).containsExactly(Arrays.copyOfRange(all, 0, 255));
        assertThat(strings.get(1)).containsExactly(Arrays.copyOfRange(all, 255, 256));
    }

    @Test
    void otherClassesAreRefusedBeforeAnyLookup() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("ord.conf.test."), Type.A, DClass.CH));

        Message reply = ANSWERER.answer(SNAPSHOT, query, null);

        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
    }

    @Test
    void withoutDataOnlyTheSoaIsAnswered() {
        Message soaReply = ANSWERER.unavailable(Fixtures.query("deep.conf.test", Type.SOA));
        Message aReply = ANSWERER.unavailable(Fixtures.query("ord.conf.test", Type.A));

        assertThat(soaReply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(soaReply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(Fixtures.lines(soaReply, Section.ANSWER)).containsExactly(soa(Z));
        assertThat(aReply.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(Fixtures.lines(aReply, Section.AUTHORITY)).containsExactly(soa(Z));
    }

    @Test
    void theSoaSerialIsTheClockInUnixSeconds() {
        Answerer later = new Answerer(ConformanceFixtures.ZONES, dev.wayfinder.model.skydns.SkyDnsKeys.defaults(), Upstream.NONE,
                AddressPolicy.NONE, java.time.Clock.fixed(java.time.Instant.ofEpochSecond(4_000_000_123L), java.time.ZoneOffset.UTC));

        Message reply = later.answer(SNAPSHOT, Fixtures.query("deep.name.conf.test", Type.SOA), null);

        assertThat(Fixtures.lines(reply, Section.ANSWER))
                .containsExactly("conf.test. 30 SOA ns.dns.conf.test. hostmaster.conf.test. 4000000123 7200 1800 86400 30");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> hits = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            hits.add(i);
        }
        return hits.isEmpty() ? -1 : hits.get(0);
    }
}
