package dev.wayfinder.server.answer;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zone data the answer tables run against, in etcd's own terms (key → JSON value), written
 * from the cases {@code coredns-etcd-plugin.md} describes (lookup-xx, cname-xx, other-xx, group-xx).
 */
public final class Fixtures {

    public static final long NOW = 1_700_000_000L;
    public static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    public static final List<String> ZONES = List.of("skydns.test.", "skydns_zonea.test.", "skydns_zoneb.test.",
            "skydns_zonec.test.", "skydns_zoned.test.", "nsbad.test.", "in-addr.arpa.");

    private Fixtures() {
    }

    public static Map<String, String> data() {
        Map<String, String> d = new LinkedHashMap<>();
        String t = "/skydns/test/skydns";
        // Subtrees (lookup-01..06)
        d.put(t + "/region1/prod/server1/a", "{\"host\":\"10.0.0.1\",\"port\":8080}");
        d.put(t + "/region1/prod/server1/b", "{\"host\":\"10.0.0.2\",\"port\":8080}");
        d.put(t + "/region1/prod/server6/b", "{\"host\":\"::1\",\"port\":8080}");
        d.put(t + "/region1/dev/server1/a", "{\"host\":\"dev.server1\",\"port\":8080}");
        d.put(t + "/region1/prod/cname", "{\"host\":\"unresolvable.skydns.test\"}");
        d.put(t + "/shadow", "{\"host\":\"10.9.0.1\"}");
        d.put(t + "/shadow/x", "{\"host\":\"10.9.0.2\"}");
        d.put(t + "/sibling/a", "{\"host\":\"10.9.1.1\"}");
        d.put(t + "/wild/*/x", "{\"host\":\"10.9.2.1\"}");
        // CNAMEs (cname-xx)
        d.put(t + "/www", "{\"host\":\"server1.prod.region1.skydns.test\",\"ttl\":60}");
        d.put(t + "/cname/a", "{\"host\":\"b.cname.skydns.test\"}");
        d.put(t + "/cname/b", "{\"host\":\"a.cname.skydns.test\"}");
        d.put(t + "/loopy", "{\"host\":\"y.loopy.skydns.test\"}");
        d.put(t + "/alias/0a0b0c0d", "{\"host\":\"target.example.com\"}");
        d.put(t + "/nametext", "{\"host\":\"w1.skydns.test\",\"text\":\"x\"}");
        for (int i = 0; i <= 11; i++) {
            d.put(t + "/chain/c" + i, "{\"host\":\"c" + (i + 1) + ".chain.skydns.test\"}");
        }
        d.put(t + "/chain/c12", "{\"host\":\"10.1.1.12\"}");
        // JSON decoding rules
        d.put(t + "/json/upper", "{\"HOST\":\"10.3.0.1\",\"Ttl\":42}");
        d.put(t + "/json/mapped", "{\"host\":\"::ffff:1.2.3.4\"}");
        d.put(t + "/json/zeros", "{\"host\":\"010.0.0.1\"}");
        d.put(t + "/json/iptext", "{\"host\":\"10.3.0.2\",\"text\":\"hidden\"}");
        d.put(t + "/json/null", "null");
        d.put(t + "/json/textonly", "{\"text\":\"only\"}");
        d.put(t + "/json/unknown", "{\"host\":\"10.3.0.3\",\"owner\":\"me\",\"host\":\"10.3.0.4\"}");
        d.put(t + "/bad/x", "{\"host\":\"10.3.1.1\",\"ttl\":\"300\"}");
        d.put(t + "/bad/y", "{\"host\":\"10.3.1.2\"}");
        d.put(t + "/v6/a", "{\"host\":\"::1\"}");
        d.put(t + "/v6/b", "{\"host\":\"0::1\"}");
        d.put(t + "/dup/a", "{\"host\":\"10.11.11.10\"}");
        d.put(t + "/dup/b", "{\"host\":\"10.11.11.10\"}");
        // Groups (group-00..02)
        d.put(t + "/dom/a", "{\"host\":\"10.5.0.1\",\"group\":\"g1\"}");
        d.put(t + "/dom/sub/b", "{\"host\":\"10.5.0.2\",\"group\":\"g1\"}");
        d.put(t + "/dom2/a", "{\"host\":\"10.5.1.1\",\"group\":\"g1\"}");
        d.put(t + "/dom2/sub/b", "{\"host\":\"10.5.1.2\"}");
        d.put(t + "/dom1/a", "{\"host\":\"10.5.2.1\",\"group\":\"g1\"}");
        d.put(t + "/dom1/sub/b", "{\"host\":\"10.5.2.2\",\"group\":\"g2\"}");
        // TXT
        d.put(t + "/txt/a", "{\"text\":\"sometext\"}");
        d.put(t + "/txt/b", "{\"text\":\"moretext\"}");
        d.put(t + "/txt/c", "{\"text\":\"sometext\"}");
        d.put(t + "/long", "{\"text\":\"" + "a".repeat(255) + "\"}");
        d.put(t + "/txtalias", "{\"host\":\"a.txt.skydns.test\"}");
        // SRV
        d.put(t + "/weights/a", "{\"host\":\"w1.skydns.test\",\"port\":80,\"weight\":5}");
        d.put(t + "/weights/b", "{\"host\":\"w2.skydns.test\",\"port\":81,\"weight\":15}");
        d.put(t + "/w1", "{\"host\":\"10.6.0.1\"}");
        d.put(t + "/portless/a", "{\"host\":\"10.6.1.1\",\"port\":-1}");
        d.put(t + "/portless/b", "{\"host\":\"10.6.1.2\",\"port\":65979}");
        d.put(t + "/ext/www/0a1b2c3d", "{\"host\":\"10.7.0.1\",\"targetstrip\":1}");
        d.put(t + "/ext/www/4e5f6a7b", "{\"host\":\"10.7.0.2\",\"targetstrip\":1}");
        // MX (other-xx)
        d.put(t + "/mail/a", "{\"host\":\"mx.skydns.test\",\"mail\":true,\"priority\":20}");
        d.put(t + "/mail/b", "{\"host\":\"other.skydns.test\"}");
        d.put(t + "/mx", "{\"host\":\"a.ipaddr.skydns.test\"}");
        d.put(t + "/ipaddr/a", "{\"host\":\"172.16.1.1\"}");
        d.put(t + "/mxts/a", "{\"host\":\"10.8.0.1\",\"mail\":true,\"targetstrip\":1}");
        d.put(t + "/mx2/a", "{\"host\":\"10.8.1.1\",\"mail\":true,\"priority\":10,\"targetstrip\":1}");
        d.put(t + "/mx2/b", "{\"host\":\"10.8.1.1\",\"mail\":true,\"priority\":20,\"targetstrip\":1}");
        // NS (lookup-20..22)
        d.put(t + "/dns/ns/c/ns1", "{\"host\":\"10.0.0.2\",\"targetstrip\":1}");
        d.put(t + "/dns/ns/c/ns2", "{\"host\":\"10.0.0.3\",\"targetstrip\":1}");
        d.put("/skydns/test/nsbad/dns/ns/a", "{\"host\":\"ns.example.com\"}");
        // Apex (lookup-24..)
        d.put("/skydns/test/skydns_zonea/x", "{\"host\":\"10.0.0.2\"}");
        d.put("/skydns/test/skydns_zonea/y", "{\"host\":\"10.0.0.3\"}");
        d.put("/skydns/test/skydns_zoneb/x", "{\"host\":\"10.0.0.4\"}");
        d.put("/skydns/test/skydns_zoneb/dns/apex", "{\"host\":\"10.0.0.3\"}");
        d.put("/skydns/test/skydns_zonec/dns/apex/a", "{\"host\":\"10.0.0.2\"}");
        d.put("/skydns/test/skydns_zonec/dns/apex/b", "{\"host\":\"10.0.0.3\"}");
        d.put("/skydns/test/skydns_zoned/dns/apex/a", "{\"text\":\"no address\"}");
        d.put("/skydns/test/skydns_zoned/x", "{\"host\":\"10.0.0.5\"}");
        // PTR
        d.put("/skydns/arpa/in-addr/10/0/0/1", "{\"host\":\"reverse.example.com\"}");
        d.put("/skydns/arpa/in-addr/10/0/0/2", "{\"host\":\"10.0.0.9\"}");
        d.put("/skydns/arpa/in-addr/10/0/0/3/0a0b0c0d", "{\"host\":\"child.example.com\"}");
        return d;
    }

    public static ZoneSnapshot snapshot(Map<String, String> data) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        data.forEach((k, v) -> raw.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return ZoneSnapshot.ofValues(1, raw);
    }

    public static Answerer answerer(Upstream upstream) {
        return new Answerer(ZONES, SkyDnsKeys.defaults(), upstream, AddressPolicy.NONE, CLOCK);
    }

    public static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, 1));
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A section as {@code owner ttl TYPE rdata} lines, in order. */
    public static List<String> lines(Message m, int section) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(section)) {
            out.add(r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + rdata(r));
        }
        return out;
    }

    private static String rdata(Record r) {
        if (r instanceof org.xbill.DNS.AAAARecord a) {
            return dev.wayfinder.model.IpLiteral.canonical(a.getAddress());
        }
        if (r instanceof org.xbill.DNS.TXTRecord t) {
            List<String> parts = new ArrayList<>();
            for (byte[] b : t.getStringsAsByteArrays()) {
                parts.add('"' + new String(b, StandardCharsets.UTF_8) + '"');
            }
            return String.join(" ", parts);
        }
        return r.rdataToString();
    }

    public static String soa(String zone) {
        return zone + " 30 SOA ns.dns." + zone + " hostmaster." + zone + " " + NOW + " 7200 1800 86400 30";
    }

    public static List<String> section(Message m, int section) {
        return lines(m, section);
    }

    public static final int ANSWER = Section.ANSWER;
    public static final int AUTHORITY = Section.AUTHORITY;
    public static final int ADDITIONAL = Section.ADDITIONAL;
}
