package dev.wayfinder.source;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code --managed-record-types} (default A, AAAA, CNAME) less {@code --exclude-record-types}: the
 * record types the sources' endpoints may have, as ExternalDNS's plan filters them. SRV (NodePort
 * and headless Services), TXT, MX, NS and PTR records are published only when listed.
 */
public record RecordTypes(Set<RecordType> managed, Set<RecordType> excluded) implements Predicate<Endpoint> {

    /** pkg/apis/externaldns/types.go {@code ManagedDNSRecordTypes}: A, AAAA, CNAME. */
    public static final RecordTypes DEFAULTS = new RecordTypes(EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME), Set.of());

    public RecordTypes {
        managed = Set.copyOf(managed);
        excluded = Set.copyOf(excluded);
    }

    @Override
    public boolean test(Endpoint e) {
        return managed.contains(e.type()) && !excluded.contains(e.type());
    }
}
