package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.DomainFilter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which configured zone holds a name: the longest one it lies at or below (at a label boundary, unlike ExternalDNS's string suffix). */
final class Zones {

    private Zones() {
    }

    static Optional<DnsName> zoneOf(DnsName name, List<DnsName> zones) {
        return zones.stream().filter(name::isAtOrBelow).max(Comparator.comparingInt(DnsName::labelCount));
    }

    /** True when some name of {@code zone} may pass {@code filter}, so the zone is worth transferring. */
    static boolean overlaps(DnsName zone, DomainFilter filter) {
        if (filter.exclude().stream().anyMatch(zone::isAtOrBelow)) {
            return false;
        }
        return filter.include().isEmpty()
                || filter.include().stream().anyMatch(d -> d.isAtOrBelow(zone) || zone.isAtOrBelow(d));
    }
}
