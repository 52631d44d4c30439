package dev.wayfinder.gslb.records;

import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.LocalHealth;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.gslb.strategy.TargetGroup;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The records one host of one Gslb publishes. Pure.
 *
 * <ul>
 *   <li>{@code localtargets-<host>} A/AAAA: this cluster's healthy targets, only while the host is Healthy here;
 *       the peers poll it.</li>
 *   <li>{@code <host>}: the decision, one record set per (type, cluster) with the cluster's geo tag as set
 *       identifier, and beside each target the geo tag, the weight and the strategy, which {@code wayfinder dns}
 *       reads per query (stock CoreDNS ignores them). An empty decision writes nothing, so the name answers
 *       NXDOMAIN (k8gb's behaviour) — unless Gslb names are published beneath it: then a group anchor (a TXT record
 *       CoreDNS counts in its group choice) keeps their targets out of this name's answer, which is NODATA.</li>
 * </ul>
 *
 * Every name carries its own SkyDNS group (the name itself): CoreDNS's etcd plugin reads a name's whole subtree, and
 * the group is what keeps a Gslb host beneath another ({@code v2.app} under {@code app}, or its
 * {@code localtargets-v2.app}) out of the other's answer.
 *
 * TTLs: a TTL of 0 is written as 1, because stock CoreDNS's etcd plugin serves a record whose ttl is 0
 * with its default of 300 s, the opposite of what 0 asks for.
 */
public final class GslbRecords {

    public static final String LOCAL_PREFIX = "localtargets-";
    /** The anchor's text, answered to TXT questions for an empty host with Gslb names beneath it. */
    public static final String ANCHOR_TEXT = "wayfinder gslb: no healthy targets";

    private GslbRecords() {
    }

    /**
     * Both the local and the answer records of a decided host.
     *
     * @param resource  {@code gslb/<ns>/<name>}
     * @param hostField the field the host came from, named in a problem
     * @param anchored  whether Gslb names are published beneath the host (an empty answer then writes the anchor)
     */
    public static SourceResult of(String resource, String hostField, HostOutcome outcome, StrategyType strategy, int ttlSeconds,
                                  boolean anchored) {
        SourceResult local = local(resource, hostField, outcome.host(), outcome.health(), outcome.local(), ttlSeconds);
        List<Endpoint> out = new ArrayList<>(local.endpoints());
        out.addAll(answer(resource, outcome.host(), outcome.decision(), strategy, ttlSeconds, anchored));
        return new SourceResult(out, local.problems());
    }

    /** {@code localtargets-<host>}: published while the host is Healthy here, decided or not. */
    public static SourceResult local(String resource, String hostField, DnsName host, HostHealth health, LocalHealth local, int ttlSeconds) {
        if (health != HostHealth.HEALTHY || local.targets().isEmpty()) {
            return SourceResult.EMPTY;
        }
        try {
            DnsName name = localTargetsName(host);
            Metadata meta = Metadata.owned("", resource).withGroup(name.toString());
            return new SourceResult(byType(name, local.targets(), ttl(ttlSeconds), "", meta), List.of());
        } catch (InvalidDnsNameException e) {
            return new SourceResult(List.of(), List.of(new Problem(resource, hostField, "'" + host + "' is too long for its " + LOCAL_PREFIX
                    + " record, which peers read: " + e.reason())));
        }
    }

    /** {@code <host>}: the decision's record sets, or the anchor, or nothing. */
    public static List<Endpoint> answer(String resource, DnsName host, GslbDecision d, StrategyType strategy, int ttlSeconds,
                                        boolean anchored) {
        Metadata meta = Metadata.owned("", resource).withGroup(host.toString()).withStrategy(strategy.wire());
        List<Endpoint> out = new ArrayList<>();
        for (TargetGroup g : d.groups()) {
            out.addAll(byType(host, g.targets(), ttl(d.ttlSeconds()), g.geoTag(), meta.withGeo(g.geoTag(), g.weight())));
        }
        if (out.isEmpty() && anchored) {
            out.add(new Endpoint(host, RecordType.TXT, List.of(ANCHOR_TEXT), ttl(ttlSeconds), "", meta.withGeo("", OptionalInt.empty())));
        }
        return out;
    }

    public static DnsName localTargetsName(DnsName host) {
        return DnsName.of(LOCAL_PREFIX + host);
    }

    static long ttl(int seconds) {
        return Math.max(1, seconds);
    }

    private static List<Endpoint> byType(DnsName name, List<String> targets, long ttl, String setIdentifier, Metadata meta) {
        Map<RecordType, List<String>> split = new LinkedHashMap<>();
        for (String t : targets) {
            IpLiteral.addressType(t).ifPresent(type -> split.computeIfAbsent(type, k -> new ArrayList<>()).add(t));
        }
        return split.entrySet().stream().map(e -> new Endpoint(name, e.getKey(), e.getValue(), ttl, setIdentifier, meta)).toList();
    }
}
