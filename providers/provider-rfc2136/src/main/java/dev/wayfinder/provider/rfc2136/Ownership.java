package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * read. At a zone apex ExternalDNS's name ({@code a-example.org}) would lie outside the zone, so
 * the apex's ownership record is {@code a-.example.org} instead.
 */
record Ownership(String owner, String resource, String setIdentifier, String geoTag, OptionalInt weight, Set<String> digests) {

    static final String HERITAGE = "external-dns";
    private static final String PREFIX = "external-dns/";
    private static final String OWNER = "owner";
    private static final String RESOURCE = "resource";
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

    /** Parses TXT data as ExternalDNS does: quotes stripped, heritage required, other keys kept under {@code external-dns/}. */
    static Optional<Ownership> parse(String data) {
        String text = data.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        boolean heritage = false;
        for (String token : text.split(",")) {
            String[] kv = token.split("=", -1);
            if (kv.length != 2) {
                continue;
            }
            if (kv[0].equals("heritage")) {
                if (!kv[1].equals(HERITAGE)) {
                    return Optional.empty();
                }
                heritage = true;
            } else if (kv[0].startsWith(PREFIX)) {
                labels.put(kv[0].substring(PREFIX.length()), kv[1]);
            }
        }
        if (!heritage) {
            return Optional.empty();
        }
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

    /** The name of the ownership record of {@code owned}'s record set of {@code type}, in {@code zone}. */
    static DnsName txtName(DnsName owned, RecordType type, DnsName zone) {
        String prefix = type.name().toLowerCase(Locale.ROOT) + "-";
        if (owned.equals(zone)) {
            return zone.child(prefix);
        }
        List<String> labels = owned.labels();
        return owned.parent().child(prefix + labels.get(0));
    }

    /** The record set an ownership record at {@code txtName} describes, if the name has that form. */
    static Optional<Owned> owned(DnsName txtName, DnsName zone) {
        if (txtName.isRoot() || txtName.equals(zone)) {
            return Optional.empty();
        }
        String first = txtName.labels().get(0);
        for (RecordType type : RecordType.values()) {
            String prefix = type.name().toLowerCase(Locale.ROOT) + "-";
            if (!first.startsWith(prefix)) {
                continue;
            }
            String rest = first.substring(prefix.length());
            DnsName parent = txtName.parent();
            if (rest.isEmpty()) {
                return parent.equals(zone) ? Optional.of(new Owned(zone, type)) : Optional.empty();
            }
            return Optional.of(new Owned(parent.child(rest), type));
        }
        return Optional.empty();
    }

    /** A record set's name and type, without a set identifier. */
    record Owned(DnsName name, RecordType type) {
    }
}
