package dev.wayfinder.server.prepared;

import dev.wayfinder.server.answer.PreparedChoice;
import java.util.Arrays;

/**
 * One reply in wire form, made ahead of the question by the answerer and dnsjava's encoder (names
 * compressed), kept without its header and question: at query time the header is made from the query
 * (ID, RD and CD copied), the question is copied as sent (its case echoed; the records' compression
 * pointers into it stay valid, since every spelling of a name has the same length), the records are
 * copied, the SOA serial is set and an OPT record is appended when the query had one.
 */
final class PreparedAnswer {

    /** Not preparable (it depends on the client, the time or an upstream, or is too large): the full path answers. */
    static final PreparedAnswer FULL_PATH = new PreparedAnswer(new byte[0], 0, 0, 0, 0, 0, new int[0]);
    private static final int[] NO_SERIAL = new int[0];

    private static final int TYPE_SOA = 6;
    private static final int QR = 0x80;
    private static final int RD = 0x01;
    private static final int CD = 0x10;

    private final byte[] records;
    private final int answers;
    private final int authorities;
    private final int additionals;
    /** Header byte 2 without RD (QR, AA, TC), and byte 3 without CD (the rcode). */
    private final int flags2;
    private final int flags3;
    /** Where, in {@link #records}, each SOA record's serial is. */
    private final int[] serialAt;
    /** For a GSLB name: the policy's choice, and the reply for each of its outcomes; else null. */
    final PreparedChoice choice;
    final PreparedAnswer[] outcomes;

    private PreparedAnswer(byte[] records, int answers, int authorities, int additionals, int flags2, int flags3, int[] serialAt) {
        this(records, answers, authorities, additionals, flags2, flags3, serialAt, null, null);
    }

    private PreparedAnswer(byte[] records, int answers, int authorities, int additionals, int flags2, int flags3, int[] serialAt,
                           PreparedChoice choice, PreparedAnswer[] outcomes) {
        this.records = records;
        this.answers = answers;
        this.authorities = authorities;
        this.additionals = additionals;
        this.flags2 = flags2;
        this.flags3 = flags3;
        this.serialAt = serialAt;
        this.choice = choice;
        this.outcomes = outcomes;
    }

    /** A GSLB name's answers: one per outcome of {@code choice}, picked per query. */
    static PreparedAnswer choosing(PreparedChoice choice, PreparedAnswer[] outcomes) {
        return new PreparedAnswer(new byte[0], 0, 0, 0, 0, 0, NO_SERIAL, choice, outcomes);
    }

    /**
     * Puts the reply's answer records (all of one size, {@code size} bytes, right after the question) in the order
     * Fisher–Yates gives with {@code choice}'s draws: what select's shuffle does to the services they were made from.
     */
    void shuffleAnswers(byte[] out, WireQuery q, PreparedChoice choice, byte[] swap) {
        if (answers < 2) {
            return;
        }
        int size = records.length / answers;
        int base = q.questionEnd;
        for (int i = answers - 1; i > 0; i--) {
            int j = (int) Math.min(i, Math.floor(choice.draw() * (i + 1)));
            if (j != i) {
                System.arraycopy(out, base + i * size, swap, 0, size);
                System.arraycopy(out, base + j * size, out, base + i * size, size);
                System.arraycopy(swap, 0, out, base + j * size, size);
            }
        }
    }

    /**
     * The records of {@code reply} (a whole message whose question ends at {@code questionEnd}, without OPT
     * or TSIG), or null when they cannot be read.
     */
    static PreparedAnswer of(byte[] reply, int questionEnd) {
        int[] serials = new int[4];
        int found = 0;
        int count = WireQuery.u16(reply, 6) + WireQuery.u16(reply, 8) + WireQuery.u16(reply, 10);
        int at = questionEnd;
        for (int r = 0; r < count; r++) {
            int rdata = skipName(reply, at) + 10;
            if (rdata < 10 || rdata > reply.length) {
                return null;
            }
            int type = WireQuery.u16(reply, rdata - 10);
            int next = rdata + WireQuery.u16(reply, rdata - 2);
            if (type == TYPE_SOA) {
                int serial = skipName(reply, skipName(reply, rdata));
                if (serial < 0 || serial + 4 > next || found == serials.length) {
                    return null;
                }
                serials[found++] = serial - questionEnd;
            }
            at = next;
        }
        if (at != reply.length) {
            return null;
        }
        return new PreparedAnswer(Arrays.copyOfRange(reply, questionEnd, reply.length), WireQuery.u16(reply, 6),
                WireQuery.u16(reply, 8), WireQuery.u16(reply, 10), (reply[2] & 0xff) & ~RD, (reply[3] & 0xff) & ~CD,
                found == 0 ? NO_SERIAL : Arrays.copyOf(serials, found));
    }

    /** Answer records made elsewhere ({@link DirectAnswers}): no authority, no additional, no SOA. */
    static PreparedAnswer ofRecords(byte[] records, int answers, int flags2, int flags3) {
        return new PreparedAnswer(records, answers, 0, 0, flags2, flags3, NO_SERIAL);
    }

    /** This reply with another rcode (NODATA from its zone's NXDOMAIN: the same records). */
    PreparedAnswer withRcode(int rcode) {
        return new PreparedAnswer(records, answers, authorities, additionals, flags2, (flags3 & ~0x0f) | rcode, serialAt);
    }

    /** The offset just past the (possibly compressed) name at {@code at}, or -1. */
    private static int skipName(byte[] m, int at) {
        int i = at;
        while (i >= 0 && i < m.length) {
            int len = m[i] & 0xff;
            if (len == 0) {
                return i + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return i + 2 <= m.length ? i + 2 : -1;
            }
            if ((len & 0xc0) != 0) {
                return -1;
            }
            i += len + 1;
        }
        return -1;
    }

    int rcode() {
        return flags3 & 0x0f;
    }

    /** True when the reply holds an SOA, whose serial is set per query. */
    boolean hasSerial() {
        return serialAt.length > 0;
    }

    /** The reply's length for {@code q} before any OPT record. */
    int length(WireQuery q) {
        return q.questionEnd + records.length;
    }

    /**
     * Writes the reply to {@code query} (read into {@code q}) into {@code out}, with this SOA serial and, when
     * {@code optPayload} is not negative, an OPT record advertising it; returns the reply's length.
     */
    int write(byte[] query, WireQuery q, byte[] out, long serial, int optPayload) {
        int end = q.questionEnd;
        System.arraycopy(query, 0, out, 0, end);
        out[2] = (byte) (QR | flags2 | (query[2] & RD));
        out[3] = (byte) (flags3 | (query[3] & CD));
        out[6] = (byte) (answers >>> 8);
        out[7] = (byte) answers;
        out[8] = (byte) (authorities >>> 8);
        out[9] = (byte) authorities;
        int additional = additionals + (optPayload >= 0 ? 1 : 0);
        out[10] = (byte) (additional >>> 8);
        out[11] = (byte) additional;
        System.arraycopy(records, 0, out, end, records.length);
        for (int at : serialAt) {
            int p = end + at;
            out[p] = (byte) (serial >>> 24);
            out[p + 1] = (byte) (serial >>> 16);
            out[p + 2] = (byte) (serial >>> 8);
            out[p + 3] = (byte) serial;
        }
        int n = end + records.length;
        if (optPayload >= 0) {
            // CoreDNS's SizeAndDo: the root name, type OPT, the buffer size, no extended rcode, version 0, DO echoed, no options.
            out[n] = 0;
            out[n + 1] = 0;
            out[n + 2] = 41;
            out[n + 3] = (byte) (optPayload >>> 8);
            out[n + 4] = (byte) optPayload;
            out[n + 5] = 0;
            out[n + 6] = 0;
            out[n + 7] = (byte) (q.dnssecOk ? 0x80 : 0);
            out[n + 8] = 0;
            out[n + 9] = 0;
            out[n + 10] = 0;
            n += 11;
        }
        return n;
    }
}
