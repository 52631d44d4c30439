package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.txt.HeritageLabels;
import dev.wayfinder.model.txt.TxtNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One ownership TXT record in ExternalDNS's TXT-registry format, so that ExternalDNS and Wayfinder
 * can share a zone: the record set {@code www.example.org A} is owned through the TXT record at
 * {@code a-www.example.org} whose data is
 * {@code heritage=external-dns,external-dns/owner=<id>,external-dns/resource=<kind>/<ns>/<name>}.
 *
 * <p>Wayfinder adds labels ExternalDNS carries along but ignores, only when needed: the set
 * identifier, the GSLB geo tag and weight, and (for a set identifier) short digests of the targets
 * the set holds, because DNS keeps one RRset per name and type and the sets must be told apart on
 * read. The name follows {@code --txt-prefix}/{@code --txt-suffix} ({@link TxtNames}); at a zone
 * apex ExternalDNS's name ({@code a-example.org}) would lie outside the zone, so the apex's
 * ownership record is {@code a-.example.org} instead. Ownership records in the format ExternalDNS
 * wrote before v0.18 (at the record's own name, no type) are read too, never written.
 */
record Ownership(String owner, String resource, String setIdentifier, String geoTag, OptionalInt weight, Set<String> digests) {

    static final String HERITAGE = HeritageLabels.HERITAGE;
    private static final String PREFIX = "external-dns/";
    private static final String OWNER = HeritageLabels.OWNER;
    private static final String RESOURCE = HeritageLabels.RESOURCE;
    private static final String SET = "wayfinder-set";
    private static final String GEO = "wayfinder-geo";
    private static final String WEIGHT = "wayfinder-weight";
    private static final String TARGETS = "wayfinder-targets";

    Ownership {
        digests = Set.copyOf(new TreeSet<>(digests));
    }

    /** True when {@code e} needs an ownership record: it has an owner, other metadata, or a set identifier. */
    static boolean needed(Endpoint e) {
        return !e.metadata().equals(Metadata.NONE) || !e.setIdentifier().isEmpty();
    }

    /** The ownership record of {@code e} (whose targets are already in their canonical text). */
    static Ownership of(Endpoint e) {
        Metadata m = e.metadata();
        Set<String> digests = e.setIdentifier().isEmpty() ? Set.of() : new TreeSet<>(e.targets().stream().map(Ownership::digest).toList());
        return new Ownership(m.owner(), m.resource(), e.setIdentifier(), m.geoTag(), m.weight(), digests);
    }

    /** Why {@code e}'s metadata cannot be written into an ownership record, if it cannot. */
    static Optional<String> problem(Endpoint e) {
        Map<String, String> fields = Map.of(OWNER, e.metadata().owner(), RESOURCE, e.metadata().resource(),
                "set identifier", e.setIdentifier(), "geo tag", e.metadata().geoTag());
        for (Map.Entry<String, String> f : new TreeMap<>(fields).entrySet()) {
            String v = f.getValue();
            if (v.indexOf(',') >= 0 || v.indexOf('=') >= 0 || v.indexOf('"') >= 0) {
                return Optional.of(f.getKey() + " '" + v + "' contains ',', '=' or '\"', which the TXT registry format cannot hold");
            }
        }
        return Optional.empty();
    }

    Metadata metadata() {
        return new Metadata(owner, resource, geoTag, weight);
    }

    boolean claims(String target) {
        return digests.contains(digest(target));
    }

    /** The TXT data, keys sorted as ExternalDNS writes them. */
    String format() {
        Map<String, String> labels = new TreeMap<>();
        put(labels, OWNER, owner);
        put(labels, RESOURCE, resource);
        put(labels, SET, setIdentifier);
        put(labels, GEO, geoTag);
        weight.ifPresent(w -> labels.put(WEIGHT, Integer.toString(w)));
        put(labels, TARGETS, String.join("+", digests));
        StringBuilder sb = new StringBuilder("heritage=").append(HERITAGE);
        labels.forEach((k, v) -> sb.append(',').append(PREFIX).append(k).append('=').append(v));
        return sb.toString();
    }

    private static void put(Map<String, String> labels, String key, String value) {
        if (!value.isEmpty()) {
            labels.put(key, value);
        }
    }

    /** Parses TXT data as ExternalDNS does ({@link HeritageLabels}: quotes trimmed, heritage required, keys under {@code external-dns/}). */
    static Optional<Ownership> parse(String data) {
        Optional<Map<String, String>> parsed = HeritageLabels.parse(data.strip());
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> labels = parsed.get();
        OptionalInt weight = OptionalInt.empty();
        try {
            String w = labels.get(WEIGHT);
            if (w != null && Integer.parseInt(w) >= 0) {
                weight = OptionalInt.of(Integer.parseInt(w));
            }
        } catch (NumberFormatException e) {
            // a weight someone else wrote badly is ignored, the ownership still counts
        }
        String targets = labels.getOrDefault(TARGETS, "");
        Set<String> digests = targets.isEmpty() ? Set.of() : Set.of(targets.split("\\+"));
        return Optional.of(new Ownership(labels.getOrDefault(OWNER, ""), labels.getOrDefault(RESOURCE, ""),
                labels.getOrDefault(SET, ""), labels.getOrDefault(GEO, ""), weight, digests));
    }

    /** A short stable digest of a target, so a set's targets fit in its ownership record. */
    static String digest(String target) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** The name of the ownership record of {@code owned}'s record set of {@code type}, in {@code zone}, without affixes. */
    static DnsName txtName(DnsName owned, RecordType type, DnsName zone) {
        return txtName(owned, type, zone, TxtNames.DEFAULT);
    }

    /**
     * The name of the ownership record of {@code owned}'s record set of {@code type}: ExternalDNS's
     * ({@code --txt-prefix}/{@code --txt-suffix}, mapper.go:94-116), or at the zone apex, where that
     * name lies outside the zone, the label {@code <prefix><type>-<suffix>} below the apex.
     */
    static DnsName txtName(DnsName owned, RecordType type, DnsName zone, TxtNames names) {
        Optional<DnsName> external = names.txtName(owned, type);
        if (external.isPresent() && external.get().isAtOrBelow(zone) && !external.get().equals(zone)) {
            return external.get();
        }
        if (owned.equals(zone)) {
            return zone.child(apexLabel(type, names));
        }
        throw new IllegalArgumentException("the ownership record name of " + owned + " " + type + " is not a name in zone " + zone);
    }

    private static String apexLabel(RecordType type, TxtNames names) {
        return names.toTxtName("", type.name());
    }

    /** The record set (with its type) an ownership record at {@code txtName} describes, without affixes; no old format. */
    static Optional<Owned> owned(DnsName txtName, DnsName zone) {
        return claim(txtName, zone, TxtNames.DEFAULT).filter(c -> c.type() != null).map(c -> new Owned(c.name(), c.type()));
    }

    /**
     * What an ownership record at {@code txtName} claims, as ExternalDNS reads it (mapper.go:69-92):
     * a record set of one type, or — the format written before v0.18 — every type at the name but
     * AAAA (registry/txt/registry.go:271-275). Empty when it claims nothing in the zone that Wayfinder manages.
     */
    static Optional<Claim> claim(DnsName txtName, DnsName zone, TxtNames names) {
        if (txtName.isRoot() || txtName.equals(zone) || !txtName.isAtOrBelow(zone)) {
            return Optional.empty();
        }
        if (txtName.parent().equals(zone)) {
            for (RecordType type : RecordType.values()) {
                if (txtName.labels().get(0).equals(apexLabel(type, names))) {
                    return Optional.of(new Claim(zone, type));
                }
            }
        }
        Optional<TxtNames.Owned> o = names.toEndpointName(txtName.toString());
        if (o.isEmpty()) {
            return Optional.empty();
        }
        DnsName name;
        try {
            name = DnsName.of(o.get().name());
        } catch (InvalidDnsNameException e) {
            return Optional.empty();
        }
        if (!name.isAtOrBelow(zone)) {
            return Optional.empty();
        }
        if (o.get().legacy()) {
            return Optional.of(new Claim(name, null));
        }
        try {
            return Optional.of(new Claim(name, RecordType.parse(o.get().type())));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // NAPTR, DNAME: types Wayfinder does not manage
        }
    }

    /** What an ownership record claims: one type, or ({@code type} null) the old format's every type but AAAA. */
    record Claim(DnsName name, RecordType type) {
        boolean covers(RecordType t) {
            return type == null ? t != RecordType.AAAA : type == t;
        }
    }

    /** A record set's name and type, without a set identifier. */
    record Owned(DnsName name, RecordType type) {
    }
}
