package dev.wayfinder.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One DNS record set: a name, a type, its targets, a TTL, and the metadata kept beside it.
 *
 * <p>Targets are kept sorted and without duplicates, so two endpoints that mean the same record
 * set are equal. Their text depends on the type: an address for A/AAAA, a name for CNAME, NS and
 * PTR, the data for TXT, {@code "priority weight port target"} for SRV ({@link SrvTarget}) and
 * {@code "preference exchange"} for MX ({@link MxTarget}).
 *
 * @param ttl           seconds; {@link #TTL_UNSET} means "the provider's default"
 * @param setIdentifier distinguishes record sets that share a name and type (one per GSLB cluster); empty when unused
 */
public record Endpoint(DnsName name, RecordType type, List<String> targets, long ttl, String setIdentifier, Metadata metadata) {

    public static final long TTL_UNSET = 0;
    public static final long MAX_TTL = 2_147_483_647L;

    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(targets, "targets");
        setIdentifier = Objects.requireNonNullElse(setIdentifier, "");
        metadata = Objects.requireNonNullElse(metadata, Metadata.NONE);
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("TTL of " + name + " " + type + " must be between 0 and " + MAX_TTL + ", got " + ttl);
        }
        targets = sortedAndDistinct(targets) ? List.copyOf(targets) : List.copyOf(new TreeSet<>(targets));
    }

    /** True when {@code targets} is in the order and without the repeats the targets are kept in (then an immutable list is kept as it is). */
    private static boolean sortedAndDistinct(List<String> targets) {
        for (int i = 1; i < targets.size(); i++) {
            if (targets.get(i - 1).compareTo(targets.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    public static Endpoint of(String name, RecordType type, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), TTL_UNSET, "", Metadata.NONE);
    }

    /** What the plan matches current and desired record sets by. */
    public Key key() {
        return new Key(name, type, setIdentifier);
    }

    public Endpoint withTargets(Collection<String> newTargets) {
        return new Endpoint(name, type, new ArrayList<>(newTargets), ttl, setIdentifier, metadata);
    }

    public Endpoint withTtl(long newTtl) {
        return new Endpoint(name, type, targets, newTtl, setIdentifier, metadata);
    }

    public Endpoint withSetIdentifier(String newSetIdentifier) {
        return new Endpoint(name, type, targets, ttl, newSetIdentifier, metadata);
    }

    public Endpoint withMetadata(Metadata newMetadata) {
        return new Endpoint(name, type, targets, ttl, setIdentifier, newMetadata);
    }

    public boolean hasTtl() {
        return ttl != TTL_UNSET;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(name).append(' ').append(type).append(' ').append(targets);
        if (hasTtl()) {
            sb.append(" ttl=").append(ttl);
        }
        if (!setIdentifier.isEmpty()) {
            sb.append(" set=").append(setIdentifier);
        }
        if (metadata.hasOwner()) {
            sb.append(" owner=").append(metadata.owner());
        }
        return sb.toString();
    }

    /** The identity of a record set: name, type and set identifier. */
    public record Key(DnsName name, RecordType type, String setIdentifier) implements Comparable<Key> {

        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            setIdentifier = Objects.requireNonNullElse(setIdentifier, "");
        }

        @Override
        public int compareTo(Key o) {
            int c = name.compareTo(o.name);
            if (c == 0) {
                c = type.compareTo(o.type);
            }
            return c != 0 ? c : setIdentifier.compareTo(o.setIdentifier);
        }

        @Override
        public String toString() {
            return name + " " + type + (setIdentifier.isEmpty() ? "" : " set=" + setIdentifier);
        }
    }
}
