package dev.wayfinder.gslb.strategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The final answer for {@code <host>} and why.
 *
 * @param groups       targets grouped by geo tag, in priority order; empty means NXDOMAIN
 * @param ttlSeconds   TTL of the records; 0 when empty (no records: the NXDOMAIN is cached for the zone SOA's minimum)
 * @param reason       machine-readable code plus a sentence for status and events
 * @param active       for failover, the geo tag being served
 * @param healthySince per healthy cluster, when it was first seen healthy (drives the failback hold-down)
 */
public record GslbDecision(
        List<TargetGroup> groups,
        int ttlSeconds,
        Reason reason,
        Optional<String> active,
        Map<String, Instant> healthySince) {

    public GslbDecision {
        groups = List.copyOf(groups);
        healthySince = Map.copyOf(healthySince);
    }

    public List<String> allTargets() {
        return groups.stream().flatMap(g -> g.targets().stream()).toList();
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public enum Code {
        UNION,
        PRIMARY_HEALTHY,
        FAILOVER,
        FAILBACK,
        FAILBACK_HELD,
        NO_HEALTHY_TARGETS,
        KEPT_LAST_KNOWN
    }

    public record Reason(Code code, String message) {
    }
}
