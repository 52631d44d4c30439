package dev.wayfinder.server.prepared;

import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Makes one prepared answer: the answerer's reply to the question in lower case, when it may be reused. */
final class Preparer {

    private static final Logger LOG = LoggerFactory.getLogger(Preparer.class);
    /** A name with more keys at or below it gets a reply too large to prepare (16 bytes a record at least). */
    static final int MAX_KEYS = 256;
    /** Where CoreDNS's etcd plugin looks for the apex's own records, below the zone's path. */
    private static final String APEX_KEYS = "/dns/apex";

    private final Answerer answerer;
    private final String root;
    /** Larger replies are never sent whole over UDP; over TCP the full path answers them. */
    private final int maxReply;

    Preparer(Answerer answerer, int maxUdpSize) {
        this.answerer = answerer;
        this.root = answerer.root();
        this.maxReply = maxUdpSize;
    }

    /**
     * The prepared answer for {@code name} (lower-case wire form, {@code length} bytes of it, -1 for all) and
     * {@code qtype} in {@code snapshot}, or {@link PreparedAnswer#FULL_PATH}. The A and AAAA answers of an apex with
     * {@code dns/apex} keys are exempt from the key count (they read those first); otherwise the apex
     * reads the whole zone, which at 100,000 names took ≈ 100 ms on every change (the prefill renews the apex each
     * time, on the etcd feed's thread, holding the next change up meanwhile).
     */
    PreparedAnswer prepare(ZoneSnapshot snapshot, byte[] name, int length, int qtype, boolean apex) {
        int n = length < 0 ? name.length : length;
        try {
            String path = path(root, name, n);
            boolean apexRecords = apex && (qtype == Type.A || qtype == Type.AAAA) && snapshot.countAtOrBelow(path + APEX_KEYS) > 0;
            if (!apexRecords && snapshot.countAtOrBelow(path) > MAX_KEYS) {
                return PreparedAnswer.FULL_PATH;
            }
            Message query = new Message(0);
            query.addRecord(Record.newRecord(new Name(new DNSInput(n == name.length ? name : Arrays.copyOf(name, n))), qtype, DClass.IN),
                    Section.QUESTION);
            Optional<Message> reply = answerer.reusableAnswer(snapshot, query);
            if (reply.isEmpty()) {
                return PreparedAnswer.FULL_PATH;
            }
            byte[] wire = reply.get().toWire();
            PreparedAnswer a = wire.length > maxReply ? null : PreparedAnswer.of(wire, WireQuery.HEADER + n + 4);
            return a == null ? PreparedAnswer.FULL_PATH : a;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Not preparing an answer for a name of {} bytes, type {}: {}", n, qtype, e.toString());
            return PreparedAnswer.FULL_PATH;
        }
    }

    /** The key path of a name of plain labels: the prefix, then the labels from the last to the first. */
    static String path(String root, byte[] name, int length) {
        StringBuilder sb = new StringBuilder(root.length() + length + 1).append(root);
        int[] starts = new int[128];
        int count = 0;
        for (int i = 0; i < length - 1; i += (name[i] & 0xff) + 1) {
            starts[count++] = i;
        }
        for (int k = count - 1; k >= 0; k--) {
            int s = starts[k];
            sb.append('/');
            for (int j = s + 1; j <= s + (name[s] & 0xff); j++) {
                sb.append((char) name[j]);
            }
        }
        return sb.toString();
    }
}
