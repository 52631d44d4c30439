package dev.wayfinder.gslb.settings;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * This cluster's part of the delegation of each load-balanced zone at the edge (k8gb §3.3): one NS
 * record {@code <zone> NS gslb-ns-<tag>-<zone>.<edge zone>} and that name's glue (this cluster's
 * exposed nameserver addresses). Pure.
 *
 * <p>The NS RRset of {@code <zone>} is shared by every cluster, each writing through its own RFC
 * 2136 provider; each cluster's NS record set therefore carries its geo tag as set identifier, which
 * makes the provider change that RRset record by record and never touch another cluster's NS
 * target. The glue name is this cluster's alone, so it needs no set identifier.
 */
public final class EdgeDelegation {

    /** k8gb's default {@code GLUEA_PREFIX}. */
    public static final String PREFIX = "gslb-ns-";
    /** The resource named in the ownership records of the delegation. */
    public static final String RESOURCE = "gslb/edge-delegation";

    private EdgeDelegation() {
    }

    /**
     * The nameserver name of the cluster {@code geoTag} for {@code zone}, in the parent {@code edgeZone}:
     * {@code gslb-ns-<tag>-<zone minus ".<edgeZone>", dots turned into dashes>.<edgeZone>}
     * (zone gb.foowidgets.k8s, edge foowidgets.k8s, tag us-nyc → gslb-ns-us-nyc-gb.foowidgets.k8s).
     *
     * @throws IllegalArgumentException when {@code zone} is not strictly below {@code edgeZone} or the label is too long
     */
    public static DnsName nameserver(String geoTag, DnsName zone, DnsName edgeZone) {
        return nameserver(PREFIX, geoTag, zone, edgeZone);
    }

    /** With k8gb's {@code GLUEA_PREFIX} instead of the default (controllers/resolver/ns_names.go, getNsName; it may be empty). */
    public static DnsName nameserver(String prefix, String geoTag, DnsName zone, DnsName edgeZone) {
        if (zone.equals(edgeZone) || !zone.isAtOrBelow(edgeZone)) {
            throw new IllegalArgumentException(zone + " is not below the edge zone " + edgeZone);
        }
        List<String> labels = zone.labels();
        String inner = String.join("-", labels.subList(0, labels.size() - edgeZone.labelCount()));
        String label = prefix + geoTag + "-" + inner;
        if (label.length() > DnsName.MAX_LABEL_OCTETS) {
            throw new IllegalArgumentException("the nameserver label " + label + " is longer than " + DnsName.MAX_LABEL_OCTETS + " octets");
        }
        return edgeZone.child(label);
    }

    /**
     * For each zone: its NS record set naming this cluster's nameserver (set identifier: the geo tag),
     * and that nameserver's A and AAAA glue. Empty without an edge zone or exposed addresses.
     */
    public static List<Endpoint> endpoints(GslbSettings s) {
        if (s.exposedIps().isEmpty()) {
            return List.of();
        }
        String tag = s.clusterGeoTag();
        Metadata meta = Metadata.NONE.withResource(RESOURCE).withGeo(tag, OptionalInt.empty());
        List<String> ips = s.exposedIps().stream().map(ip -> IpLiteral.parse(ip).map(IpLiteral::canonical).orElse(ip)).toList();
        List<String> v4 = ips.stream().filter(IpLiteral::isV4).toList();
        List<String> v6 = ips.stream().filter(IpLiteral::isV6).toList();
        List<Endpoint> out = new ArrayList<>();
        for (DnsName zone : s.zones()) {
            if (s.parent(zone).isEmpty()) {
                continue;
            }
            DnsName ns = nameserver(s.glueAPrefix(), tag, zone, s.parent(zone).get());
            out.add(new Endpoint(zone, RecordType.NS, List.of(ns.toString()), s.nsRecordTtl(), tag, meta));
            if (!v4.isEmpty()) {
                out.add(new Endpoint(ns, RecordType.A, v4, s.nsRecordTtl(), "", meta));
            }
            if (!v6.isEmpty()) {
                out.add(new Endpoint(ns, RecordType.AAAA, v6, s.nsRecordTtl(), "", meta));
            }
        }
        return List.copyOf(out);
    }
}
