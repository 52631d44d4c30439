package dev.wayfinder.server.transport;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Reading the few things the listeners need straight from wire bytes (RFC 1035 §4.1), without
 * parsing whole messages: the rcode, section counts, names, and a truncated copy. Every method
 * tolerates any input: a malformed message gives -1 or null, never an exception.
 */
public final class DnsWire {

    public static final int HEADER = 12;
    /** Header flag bits (byte 2): QR and TC. */
    private static final int QR = 0x80;
    private static final int TC = 0x02;
    private static final int MAX_NAME = 255;
    private static final int MAX_POINTERS = 64;

    private DnsWire() {
    }

    public static boolean isResponse(byte[] m, int length) {
        return length >= 3 && (m[2] & QR) != 0;
    }

    public static boolean isTruncated(byte[] m) {
        return m.length >= 3 && (m[2] & TC) != 0;
    }

    /** The header's 4-bit rcode, or -1 when there is no header. */
    public static int rcode(byte[] m) {
        return m.length < HEADER ? -1 : m[3] & 0x0f;
    }

    /** A section's record count (0 question, 1 answer, 2 authority, 3 additional), or -1 when there is no header. */
    public static int count(byte[] m, int section) {
        return m.length < HEADER ? -1 : u16(m, 4 + 2 * section);
    }

    /** The question's type, or -1 when there is no readable question. */
    public static int qtype(byte[] m) {
        int end = skipName(m, m.length, HEADER);
        return count(m, 0) < 1 || end < 0 || end + 4 > m.length ? -1 : u16(m, end);
    }

    /** The question name in lower case, uncompressed wire form, or null when there is no readable question. */
    public static byte[] qname(byte[] m) {
        return count(m, 0) < 1 ? null : name(m, HEADER);
    }

    /** The owner name of the first authority record (an NXDOMAIN's SOA: the zone), lower case, or null. */
    public static byte[] firstAuthorityOwner(byte[] m) {
        if (count(m, 2) < 1) {
            return null;
        }
        int at = HEADER;
        for (int q = count(m, 0); q > 0 && at >= 0; q--) {
            at = skipName(m, m.length, at);
            at = at < 0 || at + 4 > m.length ? -1 : at + 4;
        }
        for (int a = count(m, 1); a > 0 && at >= 0; a--) {
            at = skipRecord(m, at);
        }
        return at < 0 ? null : name(m, at);
    }

    /**
     * A copy of {@code reply} cut to its header and question, with TC set: what a client gets when the
     * whole reply may not be sent over UDP, telling it to ask again over TCP. Header only when the
     * question cannot be read.
     */
    public static byte[] truncated(byte[] reply) {
        if (reply.length < HEADER) {
            return reply.clone();
        }
        int end = count(reply, 0) >= 1 ? skipName(reply, reply.length, HEADER) : -1;
        boolean question = end >= 0 && end + 4 <= reply.length;
        byte[] out = Arrays.copyOf(reply, question ? end + 4 : HEADER);
        out[2] |= TC;
        Arrays.fill(out, 4, HEADER, (byte) 0);
        out[5] = (byte) (question ? 1 : 0);
        return out;
    }

    /** The offset just past the (possibly compressed) name at {@code at}, or -1. */
    static int skipName(byte[] m, int length, int at) {
        int i = at;
        while (i >= 0 && i < length) {
            int len = m[i] & 0xff;
            if (len == 0) {
                return i + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return i + 2 <= length ? i + 2 : -1;
            }
            if ((len & 0xc0) != 0) {
                return -1;
            }
            i += len + 1;
        }
        return -1;
    }

    private static int skipRecord(byte[] m, int at) {
        int i = skipName(m, m.length, at);
        if (i < 0 || i + 10 > m.length) {
            return -1;
        }
        int next = i + 10 + u16(m, i + 8);
        return next <= m.length ? next : -1;
    }

    /** The name at {@code at}, pointers followed (at most {@link #MAX_POINTERS}), lower-cased; null when malformed. */
    static byte[] name(byte[] m, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int i = at;
        int pointers = 0;
        while (i >= 0 && i < m.length) {
            int len = m[i] & 0xff;
            if (len == 0) {
                out.write(0);
                return out.size() <= MAX_NAME ? out.toByteArray() : null;
            }
            if ((len & 0xc0) == 0xc0) {
                if (i + 1 >= m.length || ++pointers > MAX_POINTERS) {
                    return null;
                }
                i = ((len & 0x3f) << 8) | (m[i + 1] & 0xff);
                continue;
            }
            if ((len & 0xc0) != 0 || i + 1 + len > m.length || out.size() + len + 1 > MAX_NAME) {
                return null;
            }
            out.write(len);
            for (int k = i + 1; k <= i + len; k++) {
                int c = m[k] & 0xff;
                out.write(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            i += len + 1;
        }
        return null;
    }

    private static int u16(byte[] m, int at) {
        return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
    }
}
