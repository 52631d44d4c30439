package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import java.util.HashSet;
import java.util.List;
import org.xbill.DNS.Record;

/** One RRset as it is on the server ({@code current}, the prerequisite) and as it must become ({@code next}). */
record RrsetChange(DnsName name, RecordType type, List<Record> current, List<Record> next) {

    RrsetChange {
        current = List.copyOf(current);
        next = List.copyOf(next);
    }

    /** True when nothing would change: the same records (dnsjava compares data, not TTL) and the same TTL. */
    boolean isNoop() {
        if (!new HashSet<>(current).equals(new HashSet<>(next))) {
            return false;
        }
        return current.isEmpty() || current.get(0).getTTL() == next.get(0).getTTL();
    }
}
