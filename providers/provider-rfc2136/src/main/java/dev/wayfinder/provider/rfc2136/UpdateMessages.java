package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Update;

/**
 * Turns name updates into UPDATE messages (RFC 2136): pure. Each touched RRset's current content
 * is a prerequisite (exactly these records, or none), so a message built from a stale read fails
 * as a whole instead of overwriting what changed meanwhile; then the RRset is deleted and its new
 * records added, in the same message, which BIND applies atomically.
 *
 * <p>A shared RRset ({@link RrsetChange#shared()}: the NS set of a delegation that several clusters
 * publish into, each its own target under its own set identifier) is instead changed record by
 * record: only this owner's records (its data and its ownership record) are deleted, by their
 * exact data, or added; the other owners' records are neither deleted nor required, so two
 * clusters writing at once do not fail each other's messages. RFC 2136 cannot require one record
 * of an RRset to exist (a value-dependent prerequisite compares the whole RRset), so the
 * prerequisite is only that the RRset exists; deleting a record by its data never touches another.
 */
final class UpdateMessages {

    private UpdateMessages() {
    }

    /** Groups whole names into batches of at most {@code size} record-set changes (a bigger name goes alone). */
    static List<List<NameUpdate>> batches(List<NameUpdate> updates, int size) {
        List<List<NameUpdate>> out = new ArrayList<>();
        List<NameUpdate> cur = new ArrayList<>();
        int n = 0;
        for (NameUpdate u : updates) {
            if (!cur.isEmpty() && n + u.size() > size) {
                out.add(List.copyOf(cur));
                cur.clear();
                n = 0;
            }
            cur.add(u);
            n += u.size();
        }
        if (!cur.isEmpty()) {
            out.add(List.copyOf(cur));
        }
        return out;
    }

    static Update build(DnsName zone, List<NameUpdate> batch) {
        Update m = new Update(RecordCodec.name(zone));
        for (NameUpdate u : batch) {
            prerequisites(m, u);
        }
        for (NameUpdate u : batch) {
            for (RrsetChange rc : u.rrsets()) {
                if (rc.perRecord()) {
                    rc.removed().forEach(m::delete);
                    rc.added().forEach(m::add);
                    continue;
                }
                Name n = RecordCodec.name(rc.name());
                if (!rc.current().isEmpty()) {
                    m.delete(n, RecordCodec.typeCode(rc.type()));
                }
                rc.next().forEach(m::add);
            }
        }
        return m;
    }

    private static void prerequisites(Update m, NameUpdate u) {
        Set<String> added = new LinkedHashSet<>();
        for (RrsetChange rc : u.rrsets()) {
            Name n = RecordCodec.name(rc.name());
            if (rc.perRecord()) {
                // RFC 2136 has no "this one record exists" prerequisite (a value-dependent one
                // compares the whole RRset, other owners' records included), so only its existence.
                m.present(n, RecordCodec.typeCode(rc.type()));
            } else if (rc.current().isEmpty()) {
                m.absent(n, RecordCodec.typeCode(rc.type()));
            } else {
                rc.current().forEach(r -> m.present(NamePlanner.withTtl(r, 0)));
            }
            // BIND ignores, without an error, a CNAME added beside other data or data added beside a CNAME.
            if (rc.current().isEmpty() && !rc.next().isEmpty()) {
                for (RecordType other : cnameExclusions(rc.type(), u)) {
                    if (added.add(rc.name() + "/" + other)) {
                        m.absent(n, RecordCodec.typeCode(other));
                    }
                }
            }
        }
    }

    private static Set<RecordType> cnameExclusions(RecordType type, NameUpdate u) {
        Set<RecordType> touched = EnumSet.noneOf(RecordType.class);
        u.rrsets().stream().filter(r -> r.name().equals(u.name())).forEach(r -> touched.add(r.type()));
        Set<RecordType> out = EnumSet.noneOf(RecordType.class);
        if (type == RecordType.CNAME) {
            out.addAll(EnumSet.complementOf(EnumSet.of(RecordType.CNAME)));
        } else {
            out.add(RecordType.CNAME);
        }
        out.removeAll(touched);
        return out;
    }
}
