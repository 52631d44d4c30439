package dev.wayfinder.gslb.strategy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one Gslb picks its answer: k8gb's strategy plus Wayfinder's extras.
 *
 * @param failoverOrder      geo tags by priority; k8gb's {@code primaryGeoTag} is a list of one,
 *                           the remaining clusters follow in stable (sorted) order
 * @param failbackHoldDown   how long a higher-priority cluster must stay healthy before traffic returns to it
 * @param minHealthyEndpoints a cluster with fewer ready endpoints counts as unhealthy (at least 1)
 * @param weights            per geo tag, for weighted round robin at query time
 * @param peerGrace          how long an unreachable peer keeps its last-known targets
 */
public record GslbPolicy(
        StrategyType type,
        List<String> failoverOrder,
        Duration failbackHoldDown,
        int minHealthyEndpoints,
        AllUnhealthyBehaviour allUnhealthy,
        Map<String, Integer> weights,
        int ttlSeconds,
        Duration peerGrace) {

    public static final int DEFAULT_TTL_SECONDS = 30;
    public static final Duration DEFAULT_PEER_GRACE = Duration.ofSeconds(30);

    public GslbPolicy {
        Objects.requireNonNull(type, "type");
        failoverOrder = List.copyOf(failoverOrder);
        Objects.requireNonNull(failbackHoldDown, "failbackHoldDown");
        Objects.requireNonNull(allUnhealthy, "allUnhealthy");
        weights = Map.copyOf(weights);
        Objects.requireNonNull(peerGrace, "peerGrace");
        minHealthyEndpoints = Math.max(1, minHealthyEndpoints);
    }

    /** k8gb's semantics: no hold-down, NXDOMAIN when empty, a 30 s grace for unreachable peers. */
    public static GslbPolicy k8gb(StrategyType type, List<String> failoverOrder, Map<String, Integer> weights, int ttlSeconds) {
        return new GslbPolicy(type, failoverOrder, Duration.ZERO, 1, AllUnhealthyBehaviour.NXDOMAIN, weights,
                ttlSeconds, DEFAULT_PEER_GRACE);
    }

    public GslbPolicy withFailbackHoldDown(Duration holdDown) {
        return new GslbPolicy(type, failoverOrder, holdDown, minHealthyEndpoints, allUnhealthy, weights, ttlSeconds, peerGrace);
    }

    public GslbPolicy withMinHealthyEndpoints(int min) {
        return new GslbPolicy(type, failoverOrder, failbackHoldDown, min, allUnhealthy, weights, ttlSeconds, peerGrace);
    }

    public GslbPolicy withPeerGrace(Duration grace) {
        return new GslbPolicy(type, failoverOrder, failbackHoldDown, minHealthyEndpoints, allUnhealthy, weights, ttlSeconds, grace);
    }

    public GslbPolicy withAllUnhealthy(AllUnhealthyBehaviour behaviour) {
        return new GslbPolicy(type, failoverOrder, failbackHoldDown, minHealthyEndpoints, behaviour, weights, ttlSeconds,
                peerGrace);
    }
}
