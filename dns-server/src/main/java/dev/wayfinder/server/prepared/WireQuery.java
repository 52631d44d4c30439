package dev.wayfinder.server.prepared;

/**
 * One query read straight from its wire bytes (RFC 1035 §4.1, RFC 6891 §6), into fields reused from
 * query to query: one per answering thread, so reading a query allocates nothing. It accepts only
 * what a prepared answer can serve exactly as the full path would; anything else (a response, another
 * opcode, more than one question, answer or authority records, a compressed or malformed question,
 * a class other than IN, a label outside {@code [A-Za-z0-9_-]} or a wildcard label, EDNS of another
 * version or with an option dnsjava would read into a typed option, trailing bytes) is left to the full path.
 */
public final class WireQuery {

    static final int HEADER = 12;
    private static final int MAX_NAME = 255;
    private static final int TYPE_OPT = 41;
    private static final int OPTION_COOKIE = 10;
    private static final int DO = 0x8000;

    /** Per byte: its lower-case form when a label may hold it as a prepared name does ({@code [A-Za-z0-9_-]}), else 0. */
    private static final byte[] LOWER = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                LOWER[c] = (byte) c;
            } else if (c >= 'A' && c <= 'Z') {
                LOWER[c] = (byte) (c + 32);
            }
        }
    }

    /** The question's name, lower-cased, uncompressed wire form; {@link #nameLength} bytes of it. */
    final byte[] name = new byte[MAX_NAME];
    /** Where each label of {@link #name} starts. */
    final int[] labelStarts = new int[128];
    int nameLength;
    int labelCount;
    int hash;
    int qtype = -1;
    /** Offset just past the question: the reply's records start here too. */
    int questionEnd;
    boolean edns;
    int udpPayload;
    boolean dnssecOk;
    /** Set by {@link ZoneMatch#zoneOf}: the zone's index, and where in {@link #name} it starts. */
    int zone;
    int zoneAt;
    /** The rcode of the reply written for this query. */
    int rcode;
    /** Room to write a question into, for callers that make their own (the prefill). */
    final byte[] scratch = new byte[HEADER + MAX_NAME + 4];
    /** Room for one record while the answer records are shuffled. */
    final byte[] swap = new byte[64];

    /** The question's type, once {@link PreparedAnswers#answer} has read it (-1 before). */
    public int type() {
        return qtype;
    }

    /** The rcode of the reply {@link PreparedAnswers#answer} last wrote for this query. */
    public int rcode() {
        return rcode;
    }

    /** Reads {@code length} bytes of {@code m}; false when the query is not one a prepared answer may serve. */
    boolean read(byte[] m, int length) {
        if (length < HEADER + 5 || (m[2] & 0xf8) != 0 || u16(m, 4) != 1 || u16(m, 6) != 0 || u16(m, 8) != 0) {
            return false; // a response, another opcode, not exactly one question, or answer/authority records
        }
        int additional = u16(m, 10);
        if (additional > 1) {
            return false;
        }
        int at = readName(m, length);
        if (at < 0 || at + 4 > length || u16(m, at + 2) != 1) {
            return false;
        }
        qtype = u16(m, at);
        questionEnd = at + 4;
        edns = false;
        if (additional == 0) {
            return questionEnd == length;
        }
        return readOpt(m, length, questionEnd);
    }

    /** The name at the header's end into {@link #name}; the offset past it, or -1. */
    private int readName(byte[] m, int length) {
        int at = HEADER;
        int n = 0;
        int labels = 0;
        int h = 0x811c9dc5;
        while (true) {
            if (at >= length) {
                return -1;
            }
            int len = m[at] & 0xff;
            if (len == 0) {
                name[n++] = 0;
                h *= 0x01000193; // the root label's zero byte, as NameTable.hash counts it
                break;
            }
            if (len > 63 || at + 1 + len > length || n + len + 2 > MAX_NAME) {
                return -1; // a pointer or reserved label type, cut short, or too long
            }
            labelStarts[labels++] = n;
            name[n++] = (byte) len;
            h = (h ^ len) * 0x01000193;
            for (int k = at + 1; k <= at + len; k++) {
                byte c = LOWER[m[k] & 0xff];
                if (c == 0) {
                    return -1;
                }
                name[n++] = c;
                h = (h ^ c) * 0x01000193;
            }
            if (isWildcard(n - len - 1)) {
                return -1;
            }
            at += len + 1;
        }
        nameLength = n;
        labelCount = labels;
        hash = NameTable.mix(h);
        return at + 1;
    }

    /** CoreDNS reads {@code *} and {@code any} labels as wildcards: the full path answers those. */
    private boolean isWildcard(int start) {
        int len = name[start];
        return (len == 1 && name[start + 1] == '*')
                || (len == 3 && name[start + 1] == 'a' && name[start + 2] == 'n' && name[start + 3] == 'y');
    }

    /** The OPT record at {@code at}, which must end the message. */
    private boolean readOpt(byte[] m, int length, int at) {
        if (at + 11 > length || m[at] != 0 || u16(m, at + 1) != TYPE_OPT || m[at + 6] != 0 || m[at + 5] < 0) {
            // Not an OPT with the root name, an EDNS version other than 0 (BADVERS), or a TTL field with its top bit
            // set, which dnsjava reads as 0 (RFC 2181 §8), flags and version included.
            return false;
        }
        int end = at + 11 + u16(m, at + 9);
        if (end != length) {
            return false;
        }
        for (int o = at + 11; o < end; ) {
            if (o + 4 > end) {
                return false;
            }
            int code = u16(m, o);
            int len = u16(m, o + 2);
            if (o + 4 + len > end || !plainOption(code, len)) {
                return false;
            }
            o += 4 + len;
        }
        edns = true;
        udpPayload = u16(m, at + 3);
        dnssecOk = (u16(m, at + 7) & DO) != 0;
        return true;
    }

    /**
     * An option the reply ignores and dnsjava reads without complaint: a cookie of a valid length, or any
     * code dnsjava keeps as a generic option. NSID, the algorithm lists, client subnet, keepalive and extended
     * errors have parsers that may reject them (FORMERR), and client subnet steers GSLB: the full path reads those.
     */
    private static boolean plainOption(int code, int len) {
        return switch (code) {
            case OPTION_COOKIE -> len == 8 || (len >= 16 && len <= 40);
            case 3, 5, 6, 7, 8, 11, 15 -> false;
            default -> true;
        };
    }

    /** True when the label starting at {@code labelStarts[i]} is exactly {@code text} (lower case). */
    boolean labelIs(int i, String text) {
        int start = labelStarts[i];
        if (name[start] != text.length()) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            if (name[start + 1 + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static int u16(byte[] m, int at) {
        return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
    }
}
