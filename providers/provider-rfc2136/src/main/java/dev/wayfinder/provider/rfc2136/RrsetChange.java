package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import java.util.HashSet;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * One RRset as it is on the server ({@code current}) and as it must become ({@code next}).
 * {@code shared}: several owners' record sets (set identifiers) hold disjoint records in it, so it
 * is changed record by record, each deleted record guarded by its own presence, instead of as a
 * whole guarded by its exact content (see {@link UpdateMessages}).
 */
record RrsetChange(DnsName name, RecordType type, List<Record> current, List<Record> next, boolean shared) {

    RrsetChange {
        current = List.copyOf(current);
        next = List.copyOf(next);
    }

    RrsetChange(DnsName name, RecordType type, List<Record> current, List<Record> next) {
        this(name, type, current, next, false);
    }

    /** True when it can change record by record: shared, present before and after, and the TTL kept. */
    boolean perRecord() {
        return shared && !current.isEmpty() && !next.isEmpty() && current.get(0).getTTL() == next.get(0).getTTL();
    }

    /** The records to delete one by one: on the server and not in {@code next}. */
    List<Record> removed() {
        return current.stream().filter(r -> !next.contains(r)).toList();
    }

    /** The records to add one by one: in {@code next} and not on the server. */
    List<Record> added() {
        return next.stream().filter(r -> !current.contains(r)).toList();
    }

    /** True when nothing would change: the same records (dnsjava compares data, not TTL) and the same TTL. */
    boolean isNoop() {
        if (!new HashSet<>(current).equals(new HashSet<>(next))) {
            return false;
        }
        return current.isEmpty() || current.get(0).getTTL() == next.get(0).getTTL();
    }
}
