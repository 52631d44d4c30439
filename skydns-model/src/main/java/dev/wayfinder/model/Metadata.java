package dev.wayfinder.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What Wayfinder stores beside a record in fields DNS servers ignore: who owns it, which
 * Kubernetes object it came from, and the GSLB routing hints (geo tag, weight) that
 * {@code wayfinder dns} applies per query. Absent strings are empty, never null.
 *
 * @param owner    the owner id of the controller that wrote the record (ExternalDNS's {@code --txt-owner-id})
 * @param resource the source object, {@code kind/namespace/name} as ExternalDNS writes it
 * @param geoTag   the cluster geo tag the targets belong to (GSLB)
 * @param weight   the relative share of answers for weighted round robin (GSLB)
 * @param group    the SkyDNS {@code group} (ExternalDNS's {@code coredns-group} annotation): CoreDNS answers a
 *                 subtree query only from values of one group; empty when unused
 */
public record Metadata(String owner, String resource, String geoTag, OptionalInt weight, String group) {

    public static final Metadata NONE = new Metadata("", "", "", OptionalInt.empty(), "");

    public Metadata {
        owner = Objects.requireNonNullElse(owner, "");
        resource = Objects.requireNonNullElse(resource, "");
        geoTag = Objects.requireNonNullElse(geoTag, "");
        weight = Objects.requireNonNullElse(weight, OptionalInt.empty());
        group = Objects.requireNonNullElse(group, "");
        if (weight.isPresent() && weight.getAsInt() < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight.getAsInt());
        }
    }

    /** Without a SkyDNS group. */
    public Metadata(String owner, String resource, String geoTag, OptionalInt weight) {
        this(owner, resource, geoTag, weight, "");
    }

    public static Metadata owned(String owner, String resource) {
        return new Metadata(owner, resource, "", OptionalInt.empty(), "");
    }

    public Metadata withOwner(String newOwner) {
        return new Metadata(newOwner, resource, geoTag, weight, group);
    }

    public Metadata withResource(String newResource) {
        return new Metadata(owner, newResource, geoTag, weight, group);
    }

    public Metadata withGeo(String newGeoTag, OptionalInt newWeight) {
        return new Metadata(owner, resource, newGeoTag, newWeight, group);
    }

    public Metadata withGroup(String newGroup) {
        return new Metadata(owner, resource, geoTag, weight, newGroup);
    }

    public boolean hasOwner() {
        return !owner.isEmpty();
    }
}
