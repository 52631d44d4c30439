package dev.wayfinder.server.answer;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A second data set for the conformance review ({@link ConformanceTest}): the edge cases of
 * {@code coredns-etcd-plugin.md} that the first table does not reach, in our own names, plus an
 * upstream stub standing in for CoreDNS's self-lookup of out-of-zone names.
 */
final class ConformanceFixtures {

    static final List<String> ZONES = List.of("conf.test.", "sub.conf.test.", "apexed.test.", "bad.test.", "in-addr.arpa.");

    private ConformanceFixtures() {
    }

    static Map<String, String> data() {
        Map<String, String> d = new LinkedHashMap<>();
        String c = "/skydns/test/conf";
        // Byte order around the '/' of a subtree: '-' and '.' sort before it, '0' after it.
        d.put(c + "/ord", "{\"host\":\"10.1.0.1\"}");
        d.put(c + "/ord-x", "{\"host\":\"10.1.0.2\"}");
        d.put(c + "/ord.y", "{\"host\":\"10.1.0.3\"}");
        d.put(c + "/ord/a", "{\"host\":\"10.1.0.4\"}");
        d.put(c + "/ord0", "{\"host\":\"10.1.0.5\"}");
        // A key ending in '/' is an ordinary key inside its parent's range.
        d.put(c + "/trail/", "{\"host\":\"10.1.15.1\"}");
        // Labels holding '/' (path.Clean collapses the empty and trailing segments they make).
        d.put(c + "/slash/x", "{\"host\":\"10.1.1.1\"}");
        d.put(c + "/slash/a/b", "{\"host\":\"10.1.1.2\"}");
        // CNAME chains: depth-first order, owner case from the data, the zone apex as a target.
        d.put(c + "/df/a", "{\"host\":\"target.df2.conf.test\"}");
        d.put(c + "/df/b", "{\"host\":\"10.1.2.2\"}");
        d.put(c + "/df2/target", "{\"host\":\"10.1.2.1\"}");
        d.put(c + "/escchain", "{\"host\":\"T\\\\097rget.df2.conf.test\"}");
        d.put(c + "/case", "{\"host\":\"Target.DF2.conf.test\"}");
        // A target beyond ASCII, and one holding the U+FFFD that Go makes of a byte that is not UTF-8 (found by the differential test).
        d.put(c + "/utf8", "{\"host\":\"\u00fcber.example\"}");
        d.put(c + "/fffd", "{\"host\":\"\ufffdx\"}");
        d.put(c + "/dns/apex/x", "{\"host\":\"10.1.3.1\"}");
        d.put(c + "/toapex", "{\"host\":\"conf.test\"}");
        d.put(c + "/tosub", "{\"host\":\"h.sub.conf.test\"}");
        d.put(c + "/any/x", "{\"host\":\"10.1.10.1\"}");
        // Out-of-zone targets (see the upstream stub).
        d.put(c + "/ext", "{\"host\":\"ext.example\"}");
        d.put(c + "/extnx", "{\"host\":\"nx.example\"}");
        d.put(c + "/extfail", "{\"host\":\"fail.example\"}");
        d.put(c + "/exttc", "{\"host\":\"tc.example\"}");
        // SRV
        d.put(c + "/srvtc", "{\"host\":\"exttc.conf.test\",\"port\":80}");
        d.put(c + "/srvext", "{\"host\":\"ext.example\",\"port\":443}");
        d.put(c + "/w/a", "{\"host\":\"10.1.4.1\",\"port\":1,\"weight\":3000000007}");
        d.put(c + "/w/b", "{\"host\":\"10.1.4.2\",\"port\":2,\"weight\":-3000000006}");
        d.put(c + "/wn/a", "{\"host\":\"10.1.5.1\",\"port\":1,\"weight\":1}");
        d.put(c + "/wn/b", "{\"host\":\"10.1.5.2\",\"port\":2,\"weight\":-2}");
        d.put(c + "/w1k/a", "{\"host\":\"10.1.5.3\",\"port\":1,\"weight\":1}");
        d.put(c + "/w1k/b", "{\"host\":\"10.1.5.4\",\"port\":2,\"weight\":1000}");
        d.put(c + "/w3/a", "{\"host\":\"10.1.5.5\",\"port\":1}");
        d.put(c + "/w3/b", "{\"host\":\"10.1.5.6\",\"port\":2}");
        d.put(c + "/w3/c", "{\"host\":\"10.1.5.7\",\"port\":3}");
        d.put(c + "/prio/a", "{\"host\":\"10.1.6.1\",\"port\":1}");
        d.put(c + "/prio/b", "{\"host\":\"10.1.6.2\",\"port\":2,\"priority\":65546}");
        d.put(c + "/prio/c", "{\"host\":\"10.1.6.3\",\"port\":3,\"priority\":20}");
        d.put(c + "/prio/d", "{\"host\":\"10.1.6.4\",\"port\":4}");
        d.put(c + "/tk/a", "{\"host\":\"10.1.7.1\",\"port\":1}");
        d.put(c + "/tk/b", "{\"host\":\"some.name\",\"text\":\"x\",\"port\":2}");
        d.put(c + "/tk/c", "{\"text\":\"only text\",\"port\":3}");
        d.put(c + "/sd/a", "{\"host\":\"t.sd2.conf.test\",\"port\":80}");
        d.put(c + "/sd/b", "{\"host\":\"t.sd2.conf.test\",\"port\":80}");
        d.put(c + "/sd2/t", "{\"host\":\"10.1.8.1\"}");
        d.put(c + "/s6/a", "{\"host\":\"2001:db8::5\",\"port\":80}");
        d.put(c + "/sts", "{\"host\":\"x.y.example\",\"port\":1,\"targetstrip\":1}");
        d.put(c + "/smap/a", "{\"host\":\"::ffff:10.1.8.2\",\"port\":8}");
        // MX
        d.put(c + "/mxo/a", "{\"host\":\"ext.example\",\"mail\":true}");
        d.put(c + "/mxd/a", "{\"host\":\"t.sd2.conf.test\",\"mail\":true}");
        d.put(c + "/mxd/b", "{\"host\":\"t.sd2.conf.test\",\"mail\":true,\"priority\":5}");
        d.put(c + "/mx6/a", "{\"host\":\"2001:db8::6\",\"mail\":true,\"targetstrip\":1}");
        // TTL
        d.put(c + "/ttl/wide", "{\"host\":\"10.1.12.1\",\"ttl\":4294967295}");
        d.put(c + "/ttl/big", "{\"host\":\"10.1.12.2\",\"ttl\":2147483648}");
        d.put(c + "/ttl/plain", "{\"host\":\"10.1.12.3\",\"ttl\":2147483647}");
        d.put(c + "/widecname", "{\"host\":\"ord-x.conf.test\",\"ttl\":3000000000}");
        d.put(c + "/widetxt", "{\"text\":\"wide\",\"ttl\":3000000000}");
        // TXT strings
        d.put(c + "/t254", "{\"text\":\"" + "b".repeat(254) + "\"}");
        d.put(c + "/t300", "{\"text\":\"" + "c".repeat(300) + "\"}");
        d.put(c + "/t510", "{\"text\":\"" + "d".repeat(510) + "\"}");
        d.put(c + "/tutf", "{\"text\":\"" + "\u00e9".repeat(128) + "\"}");
        d.put(c + "/tesc", "{\"text\":\"a\\\\065b\\\"c\"}");
        d.put(c + "/exttxt", "{\"host\":\"ext.example\"}");
        // Group: the scan stops at a shallower record without a group; later records skip the disagreement check.
        d.put(c + "/grp/a/deep", "{\"host\":\"10.1.13.1\",\"group\":\"g1\"}");
        d.put(c + "/grp/b", "{\"host\":\"10.1.13.2\"}");
        d.put(c + "/grp/c/deep", "{\"host\":\"10.1.13.3\",\"group\":\"g2\"}");
        d.put(c + "/grp2/a/deep", "{\"host\":\"10.1.14.1\",\"group\":\"g1\"}");
        d.put(c + "/grp2/b", "{\"host\":\"10.1.14.2\",\"group\":\"g2\"}");
        d.put(c + "/grp2/c/deep", "{\"host\":\"10.1.14.3\",\"group\":\"g1\"}");
        d.put(c + "/Upper", "{\"host\":\"10.1.11.1\"}");
        // The sub zone (longest match)
        d.put(c + "/sub/h", "{\"host\":\"10.1.9.1\"}");
        d.put(c + "/sub/back", "{\"host\":\"ord-x.conf.test\"}");
        // apexed.test: dns/apex for A, the whole zone for TXT, NS from dns/ns
        String a = "/skydns/test/apexed";
        d.put(a + "/dns/apex/a", "{\"host\":\"10.2.0.1\"}");
        d.put(a + "/dns/ns/ns1", "{\"host\":\"2001:db8::53\"}");
        d.put(a + "/dns/ns/t", "{\"host\":\"x.example\",\"text\":\"ignored\"}");
        d.put(a + "/t", "{\"text\":\"apex-txt\"}");
        d.put(a + "/www", "{\"host\":\"10.2.0.2\"}");
        // bad.test: values CoreDNS cannot decode
        String b = "/skydns/test/bad";
        d.put(b + "/a/x", "{\"host\":\"10.3.0.9\",\"port\":\"80\"}");
        d.put(b + "/b/y", "{\"host\":\"10.3.0.1\"}");
        d.put(b + "/e/mail", "{\"host\":\"10.3.1.1\",\"mail\":\"true\"}");
        d.put(b + "/e/frac", "{\"host\":\"10.3.1.2\",\"port\":1.5}");
        d.put(b + "/e/negttl", "{\"host\":\"10.3.1.3\",\"ttl\":-1}");
        d.put(b + "/e/bigttl", "{\"host\":\"10.3.1.4\",\"ttl\":4294967296}");
        d.put(b + "/e/trailing", "{\"host\":\"10.3.1.5\"} x");
        d.put(b + "/e/array", "[\"10.3.1.6\"]");
        d.put(b + "/e/number", "{\"host\":10}");
        // PTR
        d.put("/skydns/arpa/in-addr/10/1/0/4", "{\"host\":\"named.conf.test\",\"text\":\"ignored\"}");
        d.put("/skydns/arpa/in-addr/10/1/0/5", "{\"host\":\"Mixed.Example\"}");
        return d;
    }

    static Answerer answerer() {
        return new Answerer(ZONES, SkyDnsKeys.defaults(), ConformanceFixtures::upstream, AddressPolicy.NONE, Fixtures.CLOCK);
    }

    /**
     * The upstream stub: {@code ext.example} resolves (its AAAA through a CNAME), {@code nx.example}
     * is NXDOMAIN, {@code tc.example} comes back truncated, everything else fails.
     */
    static Optional<Message> upstream(Name name, int type) {
        String n = name.toString().toLowerCase(java.util.Locale.ROOT);
        Message m = new Message();
        m.getHeader().setFlag(Flags.QR);
        switch (n) {
            case "ext.example." -> {
                if (type == Type.A) {
                    m.addRecord(new ARecord(name, DClass.IN, 60, ip("192.0.2.1")), Section.ANSWER);
                } else if (type == Type.AAAA) {
                    Name alias = name("alias.example.");
                    m.addRecord(new CNAMERecord(name, DClass.IN, 60, alias), Section.ANSWER);
                    m.addRecord(new AAAARecord(alias, DClass.IN, 60, ip("2001:db8::1")), Section.ANSWER);
                }
            }
            case "nx.example." -> m.getHeader().setRcode(Rcode.NXDOMAIN);
            case "tc.example." -> {
                m.getHeader().setFlag(Flags.TC);
                if (type == Type.A) {
                    m.addRecord(new ARecord(name, DClass.IN, 60, ip("192.0.2.9")), Section.ANSWER);
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(m);
    }

    static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<Record> section(Message m, int section) {
        return m.getSection(section);
    }
}
