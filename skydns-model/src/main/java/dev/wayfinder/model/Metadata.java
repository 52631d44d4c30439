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
 * @param strategy the GSLB strategy of the name's answer (k8gb's wire name: {@code roundRobin}, {@code failover},
 *                 {@code weightRoundRobin}, {@code geoip}), which tells {@code wayfinder dns} how to answer it per
 *                 query; empty for names no Gslb balances
 */
public record Metadata(String owner, String resource, String geoTag, OptionalInt weight, String group, String strategy) {

    public static final Metadata NONE = new Metadata("", "", "", OptionalInt.empty(), "", "");

    public Metadata {
        owner = Objects.requireNonNullElse(owner, "");
        resource = Objects.requireNonNullElse(resource, "");
        geoTag = Objects.requireNonNullElse(geoTag, "");
        weight = Objects.requireNonNullElse(weight, OptionalInt.empty());
        group = Objects.requireNonNullElse(group, "");
        strategy = Objects.requireNonNullElse(strategy, "");
        if (weight.isPresent() && weight.getAsInt() < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight.getAsInt());
        }
    }

    /** Without a GSLB strategy. */
    public Metadata(String owner, String resource, String geoTag, OptionalInt weight, String group) {
        this(owner, resource, geoTag, weight, group, "");
    }

    /** Without a SkyDNS group or a GSLB strategy. */
    public Metadata(String owner, String resource, String geoTag, OptionalInt weight) {
        this(owner, resource, geoTag, weight, "", "");
    }

    public static Metadata owned(String owner, String resource) {
        return new Metadata(owner, resource, "", OptionalInt.empty(), "", "");
    }

    public Metadata withOwner(String newOwner) {
        return new Metadata(newOwner, resource, geoTag, weight, group, strategy);
    }

    public Metadata withResource(String newResource) {
        return new Metadata(owner, newResource, geoTag, weight, group, strategy);
    }

    public Metadata withGeo(String newGeoTag, OptionalInt newWeight) {
        return new Metadata(owner, resource, newGeoTag, newWeight, group, strategy);
    }

    public Metadata withGroup(String newGroup) {
        return new Metadata(owner, resource, geoTag, weight, newGroup, strategy);
    }

    public Metadata withStrategy(String newStrategy) {
        return new Metadata(owner, resource, geoTag, weight, group, newStrategy);
    }

    public boolean hasOwner() {
        return !owner.isEmpty();
    }
}
