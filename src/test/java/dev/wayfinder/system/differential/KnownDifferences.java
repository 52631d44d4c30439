package dev.wayfinder.system.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The comparison's only tolerance: each rule is one row of the table of intended differences in
 * {@code dns-server/CONFORMANCE.md} (a test checks that every id here is a row there) and explains
 * a difference only when it recognises exactly that case. Everything else is unexplained.
 */
final class KnownDifferences {

    /** How far apart two SOA serials may be, in seconds: each server writes the second it answers at (row S1). */
    static final long SERIAL_SLACK = 5;

    private KnownDifferences() {
    }

    /** A row of the table: its id and what it says, briefly. */
    record Row(String id, String summary) {
    }

    static final Row S1 = new Row("S1", "the SOA serial is the second each server answered at");
    static final Row W1 = new Row("W1", "name compression matches names ignoring case, as BIND's does");
    static final Row N1 = new Row("N1", "the zone's NS without readable dns/ns: CoreDNS < 1.12.2 sends nothing");
    static final Row P1 = new Row("P1", "a record whose name cannot be sent is left out; CoreDNS sends nothing");
    static final Row C1 = new Row("C1", "CNAME chains are followed to 10 records, as CoreDNS >= 1.12.1 (1.10.1: 7)");
    static final Row U1 = new Row("U1", "an upstream record's TTL above 2^31-1 is relayed as 0 (RFC 2181 §8)");

    /** Every row a rule here refers to. */
    static final List<Row> ROWS = List.of(S1, W1, N1, P1, C1, U1);

    /**
     * Everything a rule may look at: the question, the query sent, both replies, the tree they answer
     * from, and {@code answerAsCoreDns1101}: wayfinder dns's answerer over the same tree with CoreDNS
     * 1.10.1's CNAME chain limit (computed only when a rule asks).
     */
    record Context(Question question, Message query, Reply coredns, Reply wayfinder, SkyDnsTree tree,
                   Supplier<Reply> answerAsCoreDns1101) {
    }

    /** A rule that recognises one intended difference, and nothing else. */
    record Rule(Row row, Predicate<Context> explains) {
    }

    static final List<Rule> RULES = List.of(
            new Rule(W1, KnownDifferences::compressedAlike),
            new Rule(N1, KnownDifferences::apexNsWithoutNameServers),
            new Rule(P1, KnownDifferences::unpackableLeftOut),
            new Rule(C1, KnownDifferences::chainLimit),
            new Rule(U1, KnownDifferences::upstreamWideTtl));

    /** What a comparison concluded: the same, explained by rows (usually one), or an unexplained difference in some sections. */
    record Verdict(Kind kind, List<Row> rows, List<String> sections) {
        enum Kind { SAME, EXPLAINED, UNEXPLAINED }

        @Override
        public String toString() {
            return switch (kind) {
                case SAME -> "same";
                case EXPLAINED -> "differs in " + sections + " as " + String.join(" and ", rows.stream().map(r -> "row " + r.id() + " ("
                        + r.summary() + ")").toList()) + " says";
                case UNEXPLAINED -> "UNEXPLAINED difference in " + sections;
            };
        }
    }

    static Verdict judge(Context c) {
        if (!serialsAgree(c.coredns().serials(), c.wayfinder().serials())) {
            return new Verdict(Verdict.Kind.UNEXPLAINED, List.of(), List.of("SOA serial"));
        }
        List<String> sections = c.coredns().differingSections(c.wayfinder());
        if (sections.isEmpty()) {
            return new Verdict(Verdict.Kind.SAME, List.of(), List.of());
        }
        for (Rule rule : RULES) {
            if (rule.explains().test(c)) {
                return new Verdict(Verdict.Kind.EXPLAINED, List.of(rule.row()), sections);
            }
        }
        // U1 and W1 are independent and may meet in one reply: relayed wide TTLs put back, then names compared as W1 says.
        Reply relayed = withRelayedTtlsAsCoreDns(c);
        if (relayed != c.wayfinder() && compressedAlike(new Context(c.question(), c.query(), c.coredns(), relayed, c.tree(), null))) {
            return new Verdict(Verdict.Kind.EXPLAINED, List.of(U1, W1), sections);
        }
        return new Verdict(Verdict.Kind.UNEXPLAINED, List.of(), sections);
    }

    /** S1: as many SOA records on both sides, their serials at most {@link #SERIAL_SLACK} seconds apart. */
    static boolean serialsAgree(List<Long> a, List<Long> b) {
        if (a.size() != b.size()) {
            return true; // the sections differ then, and say so
        }
        for (int i = 0; i < a.size(); i++) {
            if (Math.abs(a.get(i) - b.get(i)) > SERIAL_SLACK) {
                return false;
            }
        }
        return true;
    }

    /**
     * W1: the replies read the same once names are compared ignoring case, and wherever a name's case
     * differs, wayfinder dns's spelling is that of a name it wrote earlier in the message: dnsjava, like
     * BIND, compresses a name into a pointer to an earlier one that is equal ignoring case, so the
     * client reads the earlier one's case (CoreDNS's compression matches case exactly). Nothing else may differ.
     */
    static boolean compressedAlike(Context c) {
        Reply core = c.coredns();
        Reply way = c.wayfinder();
        if (core.missing() || way.missing() || !core.folded().equals(way.folded())) {
            return false;
        }
        List<Name> coreNames = core.names();
        List<Name> wayNames = way.names();
        if (coreNames.size() != wayNames.size()) {
            return false;
        }
        for (int i = 0; i < wayNames.size(); i++) {
            if (!sameCase(coreNames.get(i), wayNames.get(i)) && !caseFromEarlier(wayNames.get(i), coreNames.get(i), wayNames.subList(0, i))) {
                return false;
            }
        }
        return true;
    }

    /** The labels from the first one whose case differs to the end must be, exactly, the end of an earlier name. */
    private static boolean caseFromEarlier(Name written, Name expected, List<Name> earlier) {
        int labels = written.labels();
        int from = 0;
        while (from < labels && java.util.Arrays.equals(written.getLabel(from), expected.getLabel(from))) {
            from++;
        }
        Name tail = new Name(written, from);
        String tailText = tail.toString();
        for (Name e : earlier) {
            if (e.labels() >= tail.labels() && new Name(e, e.labels() - tail.labels()).toString().equals(tailText)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameCase(Name a, Name b) {
        return a.toString().equals(b.toString());
    }

    /**
     * N1: the zone's own NS question when {@code dns/ns} is absent or unreadable. CoreDNS 1.10.1 logs
     * NXDOMAIN or SERVFAIL but sends nothing: it leaves the question rewritten to {@code ns.dns..<zone>},
     * a name that cannot be packed (fixed in 1.12.2). wayfinder dns sends what CoreDNS logged, with the
     * zone's SOA, as 1.12.2 and later do.
     */
    static boolean apexNsWithoutNameServers(Context c) {
        Question q = c.question();
        if (q.type() != Type.NS || !Generators.ZONES.contains(q.name().toLowerCase(Locale.ROOT))) {
            return false;
        }
        return sentWhatCoreDnsLogged(c) && c.wayfinder().message().map(m -> m.getSection(Section.ANSWER).isEmpty()
                && m.getSection(Section.AUTHORITY).size() == 1 && m.getSection(Section.AUTHORITY).get(0).getType() == Type.SOA)
                .orElse(false);
    }

    /**
     * P1: CoreDNS answered (its log says with which rcode) but could not pack the reply, so it sent
     * nothing; the tree holds a name that cannot go on the wire (an empty label, from a key with
     * {@code //} or a host such as {@code a..b}). wayfinder dns leaves such records out and sends the rest.
     */
    static boolean unpackableLeftOut(Context c) {
        return c.tree().hasUnpackableName() && sentWhatCoreDnsLogged(c);
    }

    /**
     * C1: wayfinder dns's answerer over the same tree, with CoreDNS 1.10.1's chain limit (7) instead of
     * the limit of 1.12.1 and later (10), gives exactly CoreDNS's reply (names compared as in W1):
     * the limit is the only difference.
     */
    static boolean chainLimit(Context c) {
        Reply as1101 = c.answerAsCoreDns1101().get();
        if (as1101.sameAs(c.wayfinder())) {
            return false; // the limit changes nothing here, so it explains nothing
        }
        return as1101.sameAs(c.coredns()) || compressedAlike(new Context(c.question(), c.query(), c.coredns(), as1101, c.tree(), null));
    }

    /**
     * U1: the replies differ only in TTLs, and each differing TTL is above 2^31-1 at CoreDNS and 0 at
     * wayfinder dns on a record relayed from upstream (in its section, at or after a record owned
     * outside the question's zone or a CNAME to a target outside it, where upstream's records begin):
     * wayfinder dns reads upstream replies as RFC 2181 §8 says (such a TTL is 0), CoreDNS relays it raw.
     * wayfinder dns's own records keep such TTLs, so no other line can differ this way.
     */
    static boolean upstreamWideTtl(Context c) {
        Reply relayed = withRelayedTtlsAsCoreDns(c);
        return relayed != c.wayfinder() && relayed.sameAs(c.coredns());
    }

    /**
     * wayfinder dns's reply with the TTL of every line that U1 describes (same record ignoring name case,
     * TTL above 2^31-1 at CoreDNS and 0 here, relayed from upstream) put back to CoreDNS's; the reply
     * itself when there is no such line.
     */
    static Reply withRelayedTtlsAsCoreDns(Context c) {
        Optional<String> zone = Generators.zoneOf(c.question().name());
        Reply core = c.coredns();
        Reply way = c.wayfinder();
        if (core.missing() || way.missing() || zone.isEmpty()) {
            return way;
        }
        Map<String, List<String>> sections = new LinkedHashMap<>(way.sections());
        Map<String, List<String>> folded = new LinkedHashMap<>(way.folded());
        boolean changed = false;
        for (String section : List.of(Reply.ANSWER, Reply.AUTHORITY, Reply.ADDITIONAL)) {
            List<String> a = core.folded().get(section);
            List<String> b = way.folded().get(section);
            if (a.size() != b.size()) {
                return way;
            }
            List<String> lines = new ArrayList<>(way.sections().get(section));
            List<String> foldedLines = new ArrayList<>(b);
            boolean relayedBelow = false;
            for (int i = 0; i < a.size(); i++) {
                if (wideTtlRelayed(a.get(i), b.get(i), zone.get(), relayedBelow)) {
                    String ttl = a.get(i).split(" ", 3)[1];
                    lines.set(i, withTtl(lines.get(i), ttl));
                    foldedLines.set(i, withTtl(foldedLines.get(i), ttl));
                    changed = true;
                }
                relayedBelow |= isCnameOutOf(a.get(i), zone.get()) || outside(a.get(i).split(" ", 2)[0], zone.get());
            }
            sections.put(section, lines);
            folded.put(section, foldedLines);
        }
        return changed ? new Reply(sections, way.serials(), way.message(), way.unsentRcode(), folded) : way;
    }

    private static String withTtl(String line, String ttl) {
        String[] p = line.split(" ", 3);
        return p[0] + " " + ttl + " " + p[2];
    }

    private static boolean wideTtlRelayed(String coreLine, String wayLine, String zone, boolean afterOutOfZoneCname) {
        String[] a = coreLine.split(" ", 3);
        String[] b = wayLine.split(" ", 3);
        return a.length == 3 && b.length == 3 && a[0].equals(b[0]) && a[2].equals(b[2]) && Long.parseLong(a[1]) > 0x7fff_ffffL
                && b[1].equals("0") && (afterOutOfZoneCname || outside(a[0], zone));
    }

    /** A folded line {@code owner ttl class CNAME target} whose target lies outside {@code zone} (what follows came from upstream). */
    private static boolean isCnameOutOf(String line, String zone) {
        String[] p = line.split(" ");
        return p.length == 5 && p[3].equals("CNAME") && outside(p[4], zone);
    }

    /** Not at or below {@code zone} (CoreDNS's test for asking upstream: {@code !dns.IsSubDomain(zone, name)}). */
    private static boolean outside(String name, String zone) {
        String n = name.toLowerCase(Locale.ROOT);
        return !(n.equals(zone) || n.endsWith("." + zone));
    }

    private static boolean sentWhatCoreDnsLogged(Context c) {
        Optional<String> logged = c.coredns().unsentRcode();
        return logged.isPresent() && c.wayfinder().message().map(m -> Rcode.string(m.getRcode()).equals(logged.get())).orElse(false);
    }
}
