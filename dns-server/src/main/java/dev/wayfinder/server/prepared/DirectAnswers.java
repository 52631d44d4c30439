package dev.wayfinder.server.prepared;

import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.LeaseTtl;
import dev.wayfinder.server.answer.PreparedChoice;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.SnapshotEntry.HostKind;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The A and AAAA answers of a plain name made straight from the snapshot's entries, for the prefill: a
 * hundred thousand names are prepared in well under a second this way, where the answerer and dnsjava's
 * encoder take tens of microseconds a name. It covers only the common case, where the answerer's rules
 * reduce to "the addresses of the family under the name, in key order, each host once, owner pointing
 * at the question"; for anything else (a decode error, a group, GSLB metadata, a lease, a CNAME, the
 * apex) it declines and the answer is made by the answerer on the name's first question. For a GSLB name whose
 * policy can prepare its choice ({@link AddressPolicy#prepare}), it makes one answer per outcome.
 * {@code PreparedAnswersTest} holds both to the full path, byte for byte.
 */
final class DirectAnswers {

    /** What {@link #address} returns when the name has no address of the family: NODATA, made from its zone's template. */
    static final PreparedAnswer NO_DATA = PreparedAnswer.ofRecords(new byte[0], 0, 0, 0);

    private static final int QR_AA = 0x84;
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;

    private final AddressPolicy policy;
    private final int maxReply;

    DirectAnswers(AddressPolicy policy, int maxReply) {
        this.policy = policy;
        this.maxReply = maxReply;
    }

    /**
     * The A ({@code aaaa} false) or AAAA answer for the name whose key path is {@code path}, {@link #NO_DATA}, or
     * null when the answerer must make it. {@code questionLength} is the question's length (header excluded).
     */
    PreparedAnswer address(ZoneSnapshot snapshot, String path, boolean aaaa, int questionLength) {
        ZoneSnapshot.Located found = snapshot.locate(path);
        List<SnapshotEntry> read = !found.below().isEmpty() ? found.below() : found.exact() == null ? List.of() : List.of(found.exact());
        if (read.isEmpty() || read.size() > Preparer.MAX_KEYS) {
            return null;
        }
        List<SnapshotEntry> kept = new java.util.ArrayList<>(read.size());
        for (SnapshotEntry e : read) {
            if (e.isError() || e.lease() != 0) {
                return null;
            }
            if (!e.record().group().isEmpty()) {
                return null; // CoreDNS's group rule: the answerer applies it
            }
            if (!e.record().host().isEmpty()) {
                kept.add(e);
            }
        }
        if (!policy.isStatic(kept)) {
            return choosing(kept, aaaa, questionLength);
        }
        return records(kept, aaaa, questionLength);
    }

    /**
     * A GSLB name: the policy's choice prepared, and the records of each outcome, or null when the policy cannot
     * prepare it (or an outcome cannot be made here). An outcome without addresses is {@link #NO_DATA}.
     */
    private PreparedAnswer choosing(List<SnapshotEntry> services, boolean aaaa, int questionLength) {
        java.util.Optional<PreparedChoice> choice = policy.prepare(services, aaaa ? TYPE_AAAA : TYPE_A);
        if (choice.isEmpty()) {
            return null;
        }
        List<List<SnapshotEntry>> outcomes = choice.get().outcomes();
        PreparedAnswer[] answers = new PreparedAnswer[outcomes.size()];
        for (int i = 0; i < answers.length; i++) {
            List<SnapshotEntry> outcome = outcomes.get(i);
            if (choice.get().shuffled() && outcome.stream().map(s -> s.record().host()).distinct().count() < outcome.size()) {
                return null; // a host twice: the answerer's dedupe after the shuffle is not a shuffle of the records
            }
            answers[i] = records(outcome, aaaa, questionLength);
            if (answers[i] == null || answers[i] == PreparedAnswer.FULL_PATH) {
                return answers[i];
            }
        }
        return PreparedAnswer.choosing(choice.get(), answers);
    }

    /** The answer made of {@code services} (after the policy), as the answerer's address lookup makes it. */
    private PreparedAnswer records(List<SnapshotEntry> services, boolean aaaa, int questionLength) {
        HostKind want = aaaa ? HostKind.AAAA : HostKind.A;
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        Set<String> hosts = new HashSet<>();
        int count = 0;
        for (SnapshotEntry s : services) {
            if (s.kind() == HostKind.NAME) {
                return null; // a CNAME to follow
            }
            if (s.kind() != want || !hosts.add(s.record().host())) {
                continue;
            }
            byte[] address = s.address().getAddress();
            long ttl = LeaseTtl.effective(s.record().ttl(), 0);
            int type = aaaa ? TYPE_AAAA : TYPE_A;
            records.write(0xc0); // the owner is the question's name, at offset 12
            records.write(WireQuery.HEADER);
            records.write(type >>> 8);
            records.write(type);
            records.write(0);
            records.write(1);
            records.write((int) (ttl >>> 24));
            records.write((int) (ttl >>> 16));
            records.write((int) (ttl >>> 8));
            records.write((int) ttl);
            records.write(0);
            records.write(address.length);
            records.write(address, 0, address.length);
            count++;
        }
        if (count == 0) {
            return NO_DATA;
        }
        if (WireQuery.HEADER + questionLength + records.size() > maxReply) {
            return PreparedAnswer.FULL_PATH;
        }
        return PreparedAnswer.ofRecords(records.toByteArray(), count, QR_AA, 0);
    }
}
