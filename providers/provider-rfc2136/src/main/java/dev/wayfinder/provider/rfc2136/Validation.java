package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.provider.DomainFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a batch before any I/O: every problem of every endpoint, each naming the endpoint. Pure. */
final class Validation {

    private Validation() {
    }

    static List<String> problems(Changes changes, DomainFilter filter, List<DnsName> zones) {
        return problems(changes, filter, zones, TxtNames.DEFAULT);
    }

    static List<String> problems(Changes changes, DomainFilter filter, List<DnsName> zones, TxtNames names) {
        List<String> out = new ArrayList<>();
        changes.create().forEach(e -> check(e, true, filter, zones, names, out));
        for (Update u : changes.update()) {
            check(u.before(), false, filter, zones, names, out);
            check(u.after(), true, filter, zones, names, out);
        }
        changes.delete().forEach(e -> check(e, false, filter, zones, names, out));
        return out;
    }

    private static void check(Endpoint e, boolean written, DomainFilter filter, List<DnsName> zones, TxtNames names, List<String> out) {
        String what = e.key().toString();
        if (!filter.matches(e.name())) {
            out.add(what + ": " + e.name() + " is outside the domain filter " + filter);
            return;
        }
        Optional<DnsName> zone = Zones.zoneOf(e.name(), zones);
        if (zone.isEmpty()) {
            out.add(what + ": " + e.name() + " is in none of the configured zones " + zones);
            return;
        }
        if (!written) {
            return;
        }
        if (e.targets().isEmpty()) {
            out.add(what + ": has no targets");
        }
        if (e.name().equals(zone.get()) && e.type() == RecordType.NS) {
            out.add(what + ": the NS records at the zone apex belong to the zone and are not managed");
        }
        for (String t : e.targets()) {
            try {
                RecordCodec.toRecord(e.name(), e.type(), 0, t);
            } catch (RuntimeException ex) {
                out.add(what + ": " + ex.getMessage());
            }
        }
        Ownership.problem(e).ifPresent(p -> out.add(what + ": " + p));
        try {
            RecordCodec.name(Ownership.txtName(e.name(), e.type(), zone.get(), names));
        } catch (RuntimeException ex) {
            out.add(what + ": its ownership record name cannot be formed (" + ex.getMessage() + ")");
        }
        if (e.type() == RecordType.TXT && e.targets().stream().anyMatch(t -> Ownership.parse(t).isPresent())) {
            out.add(what + ": a heritage=external-dns TXT record would be read as an ownership record, not as data");
        }
    }
}
