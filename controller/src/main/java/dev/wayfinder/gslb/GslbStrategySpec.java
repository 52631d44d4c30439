package dev.wayfinder.gslb;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code spec.strategy} as k8gb defines it; a TTL of 0 means the default (k8gb writes 30 back). */
public record GslbStrategySpec(StrategyType type, Optional<String> primaryGeoTag, Map<String, Integer> weight, int dnsTtlSeconds) {

    public GslbStrategySpec {
        weight = Map.copyOf(weight);
        dnsTtlSeconds = dnsTtlSeconds == 0 ? GslbPolicy.DEFAULT_TTL_SECONDS : dnsTtlSeconds;
    }

    /** The decision policy with k8gb's semantics; roundRobin with weights is weighted round robin. */
    public GslbPolicy toPolicy() {
        StrategyType effective = type == StrategyType.ROUND_ROBIN && !weight.isEmpty() ? StrategyType.WEIGHT_ROUND_ROBIN : type;
        return GslbPolicy.k8gb(effective, primaryGeoTag.map(List::of).orElse(List.of()), weight, dnsTtlSeconds);
    }
}
