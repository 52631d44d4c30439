package dev.wayfinder.system.differential;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One server's reply to one question, rendered section by section for comparison: the header (id
 * echoed or not, opcode, rcode, every flag), the question, and the answer, authority and additional
 * records in the order sent (owner case, TTL and rdata included, as dnsjava prints them). SOA serials
 * are held apart, since they are the clock second each server answered at ({@link KnownDifferences} S1).
 *
 * @param sections section name → its lines; a reply that did not come or did not parse has one {@code reply} section saying so
 * @param serials  the SOA serials, in the order the SOA records appear
 * @param message     the reply as parsed, when it came and parsed
 * @param unsentRcode when no reply came but the server logged one: the rcode it logged
 * @param folded      the sections again with every domain name lower-cased (to compare names ignoring case, row W1)
 */
record Reply(Map<String, List<String>> sections, List<Long> serials, Optional<Message> message, Optional<String> unsentRcode,
             Map<String, List<String>> folded) {

    static final String HEADER = "header";
    static final String QUESTION = "question";
    static final String ANSWER = "answer";
    static final String AUTHORITY = "authority";
    static final String ADDITIONAL = "additional";

    static Reply none(String why) {
        return new Reply(Map.of("reply", List.of(why)), List.of(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** No reply came, though the server logged that it answered {@code rcode}: it could not send the reply. */
    static Reply unsent(String rcode) {
        return new Reply(Map.of("reply", List.of("none sent; the server logged " + rcode)), List.of(), Optional.empty(), Optional.of(rcode), Map.of());
    }

    /** Two replies are alike when every section reads the same (SOA serials aside). */
    boolean sameAs(Reply other) {
        return differingSections(other).isEmpty();
    }

    static Reply of(Message query, byte[] wire) {
        Message m;
        try {
            m = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return none("unparseable reply (" + e.getMessage() + "): " + SkyDnsTree.printable(wire));
        }
        long[] ttls;
        try {
            ttls = wireTtls(wire);
        } catch (RuntimeException e) {
            ttls = new long[0]; // dnsjava parsed it; take its TTLs then
        }
        List<Long> serials = new ArrayList<>();
        Map<String, List<String>> sections = render(query, m, ttls, false, serials);
        return new Reply(sections, serials, Optional.of(m), Optional.empty(), render(query, m, ttls, true, new ArrayList<>()));
    }

    private static Map<String, List<String>> render(Message query, Message m, long[] ttls, boolean fold, List<Long> serials) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put(HEADER, List.of(header(query, m)));
        sections.put(QUESTION, m.getSection(Section.QUESTION).stream().map(r -> fold(r.getName(), fold) + " "
                + DClass.string(r.getDClass()) + " " + Type.string(r.getType())).toList());
        int answers = m.getSection(Section.ANSWER).size();
        int authority = m.getSection(Section.AUTHORITY).size();
        sections.put(ANSWER, records(m, Section.ANSWER, serials, ttls, 0, fold));
        sections.put(AUTHORITY, records(m, Section.AUTHORITY, serials, ttls, answers, fold));
        sections.put(ADDITIONAL, records(m, Section.ADDITIONAL, serials, ttls, answers + authority, fold));
        return sections;
    }

    /** The types whose rdata is names and numbers only, so lower-casing its text folds just the names. */
    private static final java.util.Set<Integer> NAME_RDATA = java.util.Set.of(Type.CNAME, Type.NS, Type.PTR, Type.DNAME, Type.MX,
            Type.SRV, Type.SOA);

    private static String fold(Name name, boolean fold) {
        return fold ? name.toString().toLowerCase(java.util.Locale.ROOT) : name.toString();
    }

    /** Every domain name of the message in the order it is written: the question's, then each record's owner and rdata names. */
    List<Name> names() {
        Message m = message.orElseThrow();
        List<Name> out = new ArrayList<>();
        for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : m.getSection(section)) {
                out.add(r.getName());
                if (section != Section.QUESTION) {
                    if (r instanceof org.xbill.DNS.SOARecord soa) {
                        out.add(soa.getHost());
                        out.add(soa.getAdmin());
                    } else if (r instanceof org.xbill.DNS.MXRecord mx) {
                        out.add(mx.getTarget());
                    } else if (r instanceof org.xbill.DNS.SRVRecord srv) {
                        out.add(srv.getTarget());
                    } else if (r instanceof org.xbill.DNS.CNAMERecord cname) {
                        out.add(cname.getTarget());
                    } else if (r instanceof org.xbill.DNS.NSRecord ns) {
                        out.add(ns.getTarget());
                    } else if (r instanceof org.xbill.DNS.PTRRecord ptr) {
                        out.add(ptr.getTarget());
                    }
                }
            }
        }
        return out;
    }

    private static String header(Message query, Message m) {
        TreeSet<String> flags = new TreeSet<>();
        for (int f = 0; f < 16; f++) {
            if (Flags.isFlag(f) && m.getHeader().getFlag(f)) {
                flags.add(Flags.string(f));
            }
        }
        return (m.getHeader().getID() == query.getHeader().getID() ? "id echoed" : "id " + m.getHeader().getID())
                + " opcode " + Opcode.string(m.getHeader().getOpcode()) + " rcode " + Rcode.string(m.getRcode()) + " flags " + flags;
    }

    /**
     * The records of one section as lines: owner, TTL as sent (dnsjava reads a TTL above 2^31-1 as 0,
     * so it is taken from the wire), class, type, rdata; an SOA's serial is held apart.
     */
    private static List<String> records(Message m, int section, List<Long> serials, long[] ttls, int first, boolean fold) {
        List<String> out = new ArrayList<>();
        List<Record> rs = m.getSection(section);
        for (int i = 0; i < rs.size(); i++) {
            Record r = rs.get(i);
            String rdata = r.rdataToString();
            if (r instanceof SOARecord soa) {
                serials.add(soa.getSerial());
                rdata = soa.getHost() + " " + soa.getAdmin() + " (serial) " + soa.getRefresh() + " " + soa.getRetry() + " "
                        + soa.getExpire() + " " + soa.getMinimum();
            }
            if (fold && NAME_RDATA.contains(r.getType())) {
                rdata = rdata.toLowerCase(java.util.Locale.ROOT);
            }
            long ttl = first + i < ttls.length ? ttls[first + i] : r.getTTL();
            out.add(fold(r.getName(), fold) + " " + ttl + " " + DClass.string(r.getDClass()) + " " + Type.string(r.getType()) + " " + rdata);
        }
        return out;
    }

    /** The TTL of every record in the message, in section order, as sent (RFC 1035 §4.1: names skipped, pointers or labels). */
    static long[] wireTtls(byte[] wire) {
        ByteBuffer b = ByteBuffer.wrap(wire);
        int qd = b.getShort(4) & 0xffff;
        int rr = (b.getShort(6) & 0xffff) + (b.getShort(8) & 0xffff) + (b.getShort(10) & 0xffff);
        b.position(12);
        for (int i = 0; i < qd; i++) {
            skipName(b);
            b.position(b.position() + 4);
        }
        long[] ttls = new long[rr];
        for (int i = 0; i < rr; i++) {
            skipName(b);
            b.position(b.position() + 4);
            ttls[i] = b.getInt() & 0xffff_ffffL;
            int rdlength = b.getShort() & 0xffff;
            b.position(b.position() + rdlength);
        }
        return ttls;
    }

    private static void skipName(ByteBuffer b) {
        while (true) {
            int len = b.get() & 0xff;
            if (len == 0) {
                return;
            }
            if ((len & 0xc0) == 0xc0) {
                b.get();
                return;
            }
            b.position(b.position() + len);
        }
    }

    /** True when the server sent nothing (or nothing that parses). */
    boolean missing() {
        return message.isEmpty();
    }

    /** The sections whose lines differ from {@code other}'s (order counts: the etcd plugin's order is defined). */
    List<String> differingSections(Reply other) {
        List<String> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(sections.keySet());
        names.addAll(other.sections.keySet());
        for (String s : names) {
            if (!sections.getOrDefault(s, List.of()).equals(other.sections.getOrDefault(s, List.of()))) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sections.forEach((s, lines) -> {
            sb.append("    ").append(s).append(':');
            if (lines.size() == 1 && (s.equals(HEADER) || s.equals(QUESTION))) {
                sb.append(' ').append(lines.get(0)).append('\n');
            } else {
                sb.append('\n');
                lines.forEach(l -> sb.append("      ").append(l).append('\n'));
            }
        });
        if (!serials.isEmpty()) {
            sb.append("    SOA serials: ").append(serials).append('\n');
        }
        return sb.toString();
    }
}
