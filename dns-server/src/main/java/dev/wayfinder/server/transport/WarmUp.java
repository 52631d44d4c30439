package dev.wayfinder.server.transport;

import java.net.InetAddress;
import java.util.List;

/**
 * JIT warm-up before a new server reports ready: synthetic queries through the same entry points the
 * listeners use (UDP's {@link DnsHandler#answerAtOnce}, else {@link DnsHandler#handle}, as UDP workers and TCP call it),
 * over names of the loaded snapshot and absent ones, with and without EDNS, in mixed case, and a few
 * wildcard questions for the full path, so the first seconds of real traffic meet compiled code.
 * Its queries are counted in the query metrics like any other.
 */
public final class WarmUp {

    private static final int[] TYPES = {1, 1, 1, 28, 1, 1, 28, 16, 33, 1};
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    private WarmUp() {
    }

    /**
     * Answers {@code queries} synthetic queries about {@code names} (lower-case wire names, none empty) through
     * {@code handler}; returns how many got a reply.
     */
    public static int run(DnsHandler handler, List<byte[]> names, int queries) {
        if (names.isEmpty()) {
            return 0;
        }
        byte[] out = new byte[65535];
        byte[] query = new byte[512];
        int replied = 0;
        for (int i = 0; i < queries; i++) {
            byte[] name = names.get(i % names.size());
            int length = query(query, i, name, TYPES[i % TYPES.length], i % 2 == 0, i % 3 == 0, i % 37 == 0);
            boolean tcp = i % 10 == 9;
            int n = tcp ? DnsHandler.NOT_ANSWERED : handler.answerAtOnce(query, length, CLIENT, out);
            if (n == DnsHandler.NOT_ANSWERED) {
                replied += handler.handle(query, length, CLIENT, tcp).isEmpty() ? 0 : 1;
            } else {
                replied += n >= 0 ? 1 : 0;
            }
        }
        return replied;
    }

    /** Writes one query into {@code q}; returns its length. */
    private static int query(byte[] q, int id, byte[] name, int type, boolean edns, boolean upper, boolean wildcard) {
        q[0] = (byte) (id >>> 8);
        q[1] = (byte) id;
        q[2] = 0x01; // RD, as stub resolvers send it
        q[3] = 0;
        q[4] = 0;
        q[5] = 1;
        for (int k = 6; k < 12; k++) {
            q[k] = 0;
        }
        int at = 12;
        if (wildcard) {
            q[at++] = 1;
            q[at++] = '*';
        }
        System.arraycopy(name, 0, q, at, name.length);
        if (upper && name.length > 1 && name[1] >= 'a' && name[1] <= 'z') {
            q[at + 1] -= 32;
        }
        at += name.length;
        q[at++] = (byte) (type >>> 8);
        q[at++] = (byte) type;
        q[at++] = 0;
        q[at++] = 1;
        if (edns) {
            q[11] = 1;
            byte[] opt = {0, 0, 41, 0x04, (byte) 0xd0, 0, 0, 0, 0, 0, 0};
            System.arraycopy(opt, 0, q, at, opt.length);
            at += opt.length;
        }
        return at;
    }
}
