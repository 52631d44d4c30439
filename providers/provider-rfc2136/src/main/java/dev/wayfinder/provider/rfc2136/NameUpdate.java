package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import java.util.List;

/**
 * Everything one DNS name needs changed, including the ownership records of its record sets, so
 * that it goes to the server in a single UPDATE message and changes all at once or not at all.
 *
 * @param changes what was asked (for logs and errors)
 * @param rrsets  the RRsets that differ, with their current content as prerequisites
 */
record NameUpdate(DnsName zone, DnsName name, List<Change> changes, List<RrsetChange> rrsets) {

    NameUpdate {
        changes = List.copyOf(changes);
        rrsets = List.copyOf(rrsets);
    }

    /** Counts against the batch size: the record-set changes asked for. */
    int size() {
        return changes.size();
    }
}
