package dev.wayfinder.gslb.records;

import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
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
import java.util.Optional;

/**
 * The records one host of one Gslb publishes. Pure.
 *
 * <ul>
 *   <li>{@code localtargets-<host>} A/AAAA: this cluster's healthy targets, only while the host is Healthy here;
 *       the peers poll it.</li>
 *   <li>{@code <host>}: the decision, one record set per (type, cluster) with the cluster's geo tag as set
 *       identifier and the geo tag and weight in the metadata, which {@code wayfinder dns} reads per query.
 *       An empty decision writes nothing, so the name answers NXDOMAIN (k8gb's behaviour).</li>
 * </ul>
 *
 * TTLs: a TTL of 0 is written as 1, because stock CoreDNS's etcd plugin serves a record whose ttl is 0
 * with its default of 300 s, the opposite of what 0 asks for.
 */
public final class GslbRecords {

    public static final String LOCAL_PREFIX = "localtargets-";

    private GslbRecords() {
    }

    /**
     * @param resource  {@code gslb/<ns>/<name>}
     * @param hostField the field the host came from, named in a problem
     */
    public static SourceResult of(String resource, String hostField, HostOutcome outcome, int localTtlSeconds) {
        List<Endpoint> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Metadata owned = Metadata.owned("", resource);
        if (outcome.health() == HostHealth.HEALTHY && !outcome.local().targets().isEmpty()) {
            try {
                DnsName local = localTargetsName(outcome.host());
                out.addAll(byType(local, outcome.local().targets(), ttl(localTtlSeconds), "", owned));
            } catch (InvalidDnsNameException e) {
                problems.add(new Problem(resource, hostField, "'" + outcome.host() + "' is too long for its " + LOCAL_PREFIX
                        + " record, which peers read: " + e.reason()));
            }
        }
        GslbDecision d = outcome.decision();
        for (TargetGroup g : d.groups()) {
            out.addAll(byType(outcome.host(), g.targets(), ttl(d.ttlSeconds()), g.geoTag(), owned.withGeo(g.geoTag(), g.weight())));
        }
        return new SourceResult(out, problems);
    }

    public static DnsName localTargetsName(DnsName host) {
        return DnsName.of(LOCAL_PREFIX + host);
    }

    /** The host whose {@code localtargets-} record {@code name} is, if it is one. */
    public static Optional<DnsName> hostOfLocalTargets(DnsName name) {
        String first = name.labels().isEmpty() ? "" : name.labels().get(0);
        if (!first.startsWith(LOCAL_PREFIX) || first.length() == LOCAL_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(name.parent().child(first.substring(LOCAL_PREFIX.length())));
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
