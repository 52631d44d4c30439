package dev.wayfinder.gslb.api;

import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.StrategyType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spec.strategy} as k8gb defines it. A TTL of 0 is kept (k8gb writes 30 back, so its users cannot ask for the
 * shortest TTL); the records then carry the shortest TTL stock CoreDNS can serve (see {@link dev.wayfinder.gslb.records.GslbRecords}).
 */
public record GslbStrategySpec(StrategyType type, Optional<String> primaryGeoTag, Map<String, Integer> weight, int dnsTtlSeconds) {

    public GslbStrategySpec {
        weight = Map.copyOf(weight);
    }

    /** The decision policy with k8gb's semantics; roundRobin with weights is weighted round robin. */
    public GslbPolicy toPolicy() {
        StrategyType effective = type == StrategyType.ROUND_ROBIN && !weight.isEmpty() ? StrategyType.WEIGHT_ROUND_ROBIN : type;
        return GslbPolicy.k8gb(effective, primaryGeoTag.map(List::of).orElse(List.of()), weight, dnsTtlSeconds);
    }
}
