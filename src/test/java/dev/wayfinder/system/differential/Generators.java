package dev.wayfinder.system.differential;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * The generators of the differential test: SkyDNS trees that reach every part of the etcd plugin
 * CoreDNS reads ({@code coredns-etcd-plugin.md} §3–§6), and questions about them.
 *
 * <p>Three zones are served: {@value #ZONE}, the nested {@value #SUB} (so the longest match and
 * "outside the matched zone" both matter) and the reverse {@value #REVERSE}. Names are drawn from
 * small pools so that keys nest, shadow and collide. CNAME targets never lead from the forward zones
 * into the reverse zone: two disjoint zones that point at each other make CoreDNS recurse through its
 * own server without end (each upstream lookup starts a fresh chain), which is no comparison.
 */
final class Generators {

    static final String ZONE = "dz.test.";
    static final String SUB = "sub.dz.test.";
    static final String REVERSE = "10.in-addr.arpa.";
    static final List<String> ZONES = List.of(ZONE, SUB, REVERSE);

    private static final String ZONE_ROOT = "/skydns/test/dz";
    private static final String SUB_ROOT = ZONE_ROOT + "/sub";
    private static final String REVERSE_ROOT = "/skydns/arpa/in-addr/10";

    /** Name labels: a small pool (so names nest and collide) with the odd ones CoreDNS treats specially. */
    private static final List<String> LABELS = List.of("a", "b", "www", "mail", "x1", "sib", "sibling", "_tcp", "_sip",
            "ns", "dns", "apex", "0", "1", "any", "*", "sub", "Up", "a\\.b", "x-y", "a\\ b");
    /** Record labels below a name, ExternalDNS style (8 hex digits) and plain ones that collide with name labels. */
    private static final List<String> LEAVES = List.of("3f0c2a71", "0a1b2c3d", "x", "a", "ns1");
    private static final List<String> REVERSE_LABELS = List.of("0", "1", "2", "10", "255");

    private static final List<String> IPV4 = List.of("10.0.0.1", "10.0.0.2", "192.0.2.1", "127.0.0.1", "0.0.0.0", "255.255.255.255");
    private static final List<String> IPV6 = List.of("::1", "0::1", "2001:db8::1", "2001:db8:0:0:0:0:0:1", "::ffff:10.0.0.1", "fe80::1");
    /** Hosts that look like addresses but are names to Go's net.ParseIP. */
    private static final List<String> LOOKALIKES = List.of("010.0.0.1", "1.2.3", "10.0.0.1.", "fe80::1%eth0", "[::1]", " 10.0.0.1",
            "::ffff:10.0.0.300");
    private static final List<String> ZONE_NAMES = List.of("dz.test", "dz.test.", "sub.dz.test", "ns.dns.dz.test", "apex.dns.dz.test",
            "DZ.Test", "ns.dns.sub.dz.test.");
    private static final List<String> OUTSIDE = List.of("ext.example.net", "example.net.", "x", "test.", ".");
    private static final List<String> INVALID_NAMES = List.of("a..b.dz.test", "a b.dz.test");
    private static final List<String> TEXTS = List.of("hello", "with \"quotes\"", "back\\slash", "\\065BC", "semi;colon", "\u00fcn\u00ef",
            "a".repeat(255), "b".repeat(300), "tab\there", "\\", "two words");

    /** Values CoreDNS cannot decode (each makes every read covering it SERVFAIL) and other decoder edge cases. */
    private static final List<String> ODD_VALUES = List.of("not json", "", "{\"host\":1}", "[]", "null", "{}",
            "{\"host\":\"10.0.0.1\"} x", "\uFEFF{\"host\":\"10.0.0.1\"}", "{\"ttl\":-1,\"host\":\"10.0.0.1\"}",
            "{\"ttl\":4294967296,\"host\":\"10.0.0.1\"}", "{\"port\":\"80\",\"host\":\"10.0.0.1\"}",
            "{\"mail\":\"yes\",\"host\":\"10.0.0.1\"}", "{\"priority\":1.5,\"host\":\"10.0.0.1\"}", "{\"host\":\"10.0.0.1\",}",
            "{\"ttl\":1e3,\"host\":\"10.0.0.1\"}", "{\"host\":\"10.0.0.1\",\"host\":\"10.0.0.2\"}", "{\"HOST\":\"10.0.0.3\",\"Ttl\":42}",
            "{\"text\":\"\\ud800\"}", "{\"host\":null,\"text\":null}", "{\"port\":9223372036854775808,\"host\":\"10.0.0.1\"}",
            "{\"owner\":{\"a\":[1,2]},\"host\":\"10.0.0.4\"}", "{\"host\":\"10.0.0.1\"}\n");

    private Generators() {
    }

    /** The zone a name falls in, by longest match as both servers choose it; empty outside them all. */
    static Optional<String> zoneOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ZONES.stream().filter(z -> n.equals(z) || n.endsWith("." + z)).max(java.util.Comparator.comparingInt(String::length));
    }

    // ---------------------------------------------------------------- trees

    static Arbitrary<SkyDnsTree> trees() {
        return Combinators.combine(key().list().ofMinSize(1).ofMaxSize(24), chain()).flatAs((keys, chain) -> {
            List<String> forward = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (String k : keys) {
                String name = SkyDnsTree.nameOf(k);
                all.add(name);
                if (!k.startsWith(REVERSE_ROOT)) {
                    forward.add(name);
                }
            }
            List<Arbitrary<SkyDnsTree.Entry>> entries = new ArrayList<>();
            for (String k : keys) {
                List<String> targets = k.startsWith(REVERSE_ROOT) ? all : forward.isEmpty() ? List.of(ZONE) : forward;
                entries.add(value(targets).map(v -> new SkyDnsTree.Entry(k, v)));
            }
            return Combinators.combine(entries).as(es -> {
                List<SkyDnsTree.Entry> withChain = new ArrayList<>(es);
                withChain.addAll(chain);
                return SkyDnsTree.of(withChain);
            });
        });
    }

    /**
     * Half the trees also hold a CNAME chain {@code c0.chain.dz.test → c1… → cN} of 1 to 12 links,
     * ending in an address or looping back to c0: how far CoreDNS follows one is version-dependent.
     */
    private static Arbitrary<List<SkyDnsTree.Entry>> chain() {
        Arbitrary<List<SkyDnsTree.Entry>> some = Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.of(true, false, false))
                .as((links, loop) -> {
                    List<SkyDnsTree.Entry> out = new ArrayList<>();
                    for (int i = 0; i < links; i++) {
                        out.add(SkyDnsTree.Entry.of(ZONE_ROOT + "/chain/c" + i, "{\"host\":\"c" + (i + 1) + ".chain.dz.test\",\"ttl\":60}"));
                    }
                    out.add(SkyDnsTree.Entry.of(ZONE_ROOT + "/chain/c" + links, loop ? "{\"host\":\"c0.chain.dz.test.\"}" : "{\"host\":\"10.0.0.9\"}"));
                    return out;
                });
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.of())), Tuple.of(1, some));
    }

    private static Arbitrary<String> key() {
        return Arbitraries.frequencyOf(
                Tuple.of(66, path(ZONE_ROOT, LABELS, 3)),
                Tuple.of(12, path(SUB_ROOT, LABELS, 2)),
                Tuple.of(8, special()),
                Tuple.of(10, path(REVERSE_ROOT, REVERSE_LABELS, 3)),
                Tuple.of(4, path(ZONE_ROOT, LABELS, 2).map(k -> k + "/")),
                Tuple.of(2, path(ZONE_ROOT, LABELS, 2).map(k -> k.replaceFirst("/dz/", "/dz//"))));
    }

    /** {@code root} and 0..{@code maxLabels} name labels, then (half the time) a record label. */
    private static Arbitrary<String> path(String root, List<String> labels, int maxLabels) {
        return Combinators.combine(Arbitraries.of(labels).list().ofMaxSize(maxLabels), Arbitraries.of(LEAVES).injectNull(0.5))
                .as((ls, leaf) -> {
                    StringBuilder sb = new StringBuilder(root);
                    ls.forEach(l -> sb.append('/').append(l));
                    if (leaf != null) {
                        sb.append('/').append(leaf);
                    }
                    return sb.toString();
                });
    }

    /** The apex ({@code dns/apex}) and name-server ({@code dns/ns}) places, of either forward zone. */
    private static Arbitrary<String> special() {
        return Combinators.combine(Arbitraries.of(ZONE_ROOT, SUB_ROOT), Arbitraries.of("/dns/apex", "/dns/ns"),
                        Arbitraries.of("/x", "/ns1", "/c/ns1", "/c/ns2", "/3f0c2a71", ""))
                .as((root, place, leaf) -> root + place + leaf);
    }

    // ---------------------------------------------------------------- values

    static Arbitrary<byte[]> value(List<String> targets) {
        return Arbitraries.frequencyOf(
                Tuple.of(93, record(targets).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(6, Arbitraries.of(ODD_VALUES).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of(invalidUtf8("host", new byte[] {(byte) 0xff, 'x'}), invalidUtf8("text", new byte[] {(byte) 0xe2, (byte) 0x82, 'x'}),
                        invalidUtf8("text", new byte[] {'a', (byte) 0xc3}))));
    }

    /** {@code {"field":"…"}} whose string holds bytes that are not UTF-8 (Go reads each bad byte as U+FFFD). */
    private static byte[] invalidUtf8(String field, byte[] bytes) {
        byte[] head = ("{\"" + field + "\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + bytes.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bytes, 0, out, head.length, bytes.length);
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }

    /** A JSON object with any subset of the fields CoreDNS reads, field names in any case, unknown fields too. */
    private static Arbitrary<String> record(List<String> targets) {
        List<Arbitrary<String>> fields = List.of(
                field("host", host(targets).map(Generators::quote), 0.12),
                field("port", Arbitraries.of("80", "443", "0", "-1", "8080", "65616", "1"), 0.7),
                field("priority", Arbitraries.of("0", "1", "10", "20", "65546", "-1"), 0.75),
                field("weight", Arbitraries.of("0", "1", "5", "15", "1000", "-5"), 0.75),
                field("text", Arbitraries.of(TEXTS).map(Generators::quote), 0.8),
                field("mail", Arbitraries.of("true", "false"), 0.75),
                field("ttl", Arbitraries.of("0", "1", "60", "300", "3600", "2147483647", "2147483648", "4294967295"), 0.35),
                field("targetstrip", Arbitraries.of("0", "1", "2", "9", "-1"), 0.75),
                field("group", Arbitraries.of("\"g1\"", "\"g2\"", "\"\""), 0.85),
                Arbitraries.of("\"owner\":\"wf-1\"", "\"resource\":{\"kind\":\"svc\"}", "\"x\":[1,{\"y\":null}]", "\"Priority\":null")
                        .injectNull(0.9));
        return Combinators.combine(fields).as(parts -> "{" + String.join(",", parts.stream().filter(Objects::nonNull).toList()) + "}");
    }

    /** {@code "name":value}, the name in lower, title or upper case (Go matches field names ignoring case); absent with {@code absent}. */
    private static Arbitrary<String> field(String name, Arbitrary<String> value, double absent) {
        Arbitrary<String> spelled = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(name)),
                Tuple.of(1, Arbitraries.just(Character.toUpperCase(name.charAt(0)) + name.substring(1))),
                Tuple.of(1, Arbitraries.just(name.toUpperCase(Locale.ROOT))));
        return Combinators.combine(spelled, value).as((n, v) -> "\"" + n + "\":" + v).injectNull(absent);
    }

    private static Arbitrary<String> host(List<String> targets) {
        Arbitrary<String> inTree = Combinators.combine(Arbitraries.of(targets), Arbitraries.of(true, false), caseMask(),
                        Arbitraries.of("", "", "", "nx."))
                .as((t, dot, mask, prefix) -> recase(prefix + (dot ? t : t.substring(0, t.length() - 1)), mask));
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.of(IPV4)),
                Tuple.of(10, Arbitraries.of(IPV6)),
                Tuple.of(24, inTree),
                Tuple.of(7, Arbitraries.of(ZONE_NAMES)),
                Tuple.of(5, Arbitraries.of(OUTSIDE)),
                Tuple.of(6, Arbitraries.of(LOOKALIKES)),
                Tuple.of(2, Arbitraries.of(INVALID_NAMES)),
                Tuple.of(10, Arbitraries.just("")));
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    // ---------------------------------------------------------------- questions

    private static final List<String> SPECIAL_QUESTIONS = List.of("dz.test.", "sub.dz.test.", "ns.dns.dz.test.", "apex.dns.dz.test.",
            "ns.dns.sub.dz.test.", "apex.dns.sub.dz.test.", "dns.dz.test.", "10.in-addr.arpa.", "1.0.0.10.in-addr.arpa.", "*.dz.test.",
            "any.dz.test.", "*.sub.dz.test.");
    private static final List<String> OUTSIDE_QUESTIONS = List.of("example.net.", "test.", ".", "xdz.test.", "dz.test.example.net.",
            "in-addr.arpa.", "11.in-addr.arpa.");

    static Arbitrary<Question> questions(SkyDnsTree tree) {
        List<String> names = tree.names();
        Arbitrary<String> wildcarded = Combinators.combine(Arbitraries.of(names), Arbitraries.integers().between(0, 7),
                Arbitraries.of("*", "any", "ANY")).as(Generators::replaceLabel);
        Arbitrary<String> base = Arbitraries.frequencyOf(
                Tuple.of(50, Arbitraries.of(names)),
                Tuple.of(10, Arbitraries.of(names).map(n -> "nx." + n)),
                Tuple.of(10, wildcarded),
                Tuple.of(14, Arbitraries.of(SPECIAL_QUESTIONS)),
                Tuple.of(4, Arbitraries.of(OUTSIDE_QUESTIONS)));
        Arbitrary<String> name = Combinators.combine(base, caseMask()).as(Generators::recase);
        Arbitrary<Integer> dclass = Arbitraries.frequencyOf(Tuple.of(98, Arbitraries.just(DClass.IN)),
                Tuple.of(2, Arbitraries.of(DClass.CH, DClass.HS, DClass.ANY)));
        return Combinators.combine(name, type(), dclass, Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(true)),
                        Tuple.of(1, Arbitraries.just(false))), Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(false)),
                        Tuple.of(1, Arbitraries.just(true))))
                .as(Question::new);
    }

    /** Every type the etcd plugin tells apart, the ones it lumps together, and any other of the 65,536. */
    private static Arbitrary<Integer> type() {
        return Arbitraries.frequencyOf(
                Tuple.of(18, Arbitraries.just(Type.A)),
                Tuple.of(9, Arbitraries.just(Type.AAAA)),
                Tuple.of(8, Arbitraries.just(Type.CNAME)),
                Tuple.of(10, Arbitraries.just(Type.SRV)),
                Tuple.of(10, Arbitraries.just(Type.TXT)),
                Tuple.of(8, Arbitraries.just(Type.MX)),
                Tuple.of(6, Arbitraries.just(Type.PTR)),
                Tuple.of(7, Arbitraries.just(Type.NS)),
                Tuple.of(5, Arbitraries.just(Type.SOA)),
                Tuple.of(4, Arbitraries.just(Type.ANY)),
                Tuple.of(3, Arbitraries.of(Type.HINFO, Type.CAA, Type.DS, Type.NAPTR, Type.AXFR, Type.IXFR, Type.DNAME)),
                Tuple.of(2, Arbitraries.integers().between(0, 65535)));
    }

    /** Half the names as written, the others with letters upper-cased where the mask's bits are set. */
    private static Arbitrary<Long> caseMask() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(1, Arbitraries.longs()));
    }

    static String recase(String name, long mask) {
        if (mask == 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append((mask >>> (i % 64) & 1) != 0 ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    /** {@code name} with its {@code index}-th label (mod the label count) replaced by {@code label}. */
    static String replaceLabel(String name, int index, String label) {
        List<String> labels = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '.') {
                labels.add(name.substring(start, i));
                start = i + 1;
            }
        }
        if (labels.isEmpty()) {
            return name;
        }
        labels.set(index % labels.size(), label);
        return String.join(".", labels) + ".";
    }
}
