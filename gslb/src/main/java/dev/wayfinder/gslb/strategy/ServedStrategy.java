package dev.wayfinder.gslb.strategy;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a client gets for a Gslb's strategy from the DNS server that answers its zone, and whether that is what
 * the strategy asks for. Every server gets the same records (the decision, one record set per cluster with its
 * geo tag, weight and the strategy beside each target); they differ in what they make of them per query:
 *
 * <ul>
 *   <li>stock CoreDNS (v1.10.1 and later) serves every record of the name. Its {@code loadbalance} plugin shuffles
 *       them; its only other policy, {@code weighted}, weighs single addresses from a file on CoreDNS's disk and
 *       only picks the first record, which the controller cannot keep current and which is no per-cluster share.
 *       So roundRobin and failover are served as meant, weightRoundRobin and geoip are not;</li>
 *   <li>{@code wayfinder dns} reads the strategy beside the targets and answers each strategy as meant (geoip
 *       with its {@code --geo} map).</li>
 * </ul>
 * Pure.
 */
public final class ServedStrategy {

    /** The hint every unhonoured verdict ends with. */
    static final String REMEDY = "serve the zone with wayfinder dns (chart value gslb.servingDns: wayfinder, which also sets"
            + " --gslb-serving-dns=wayfinder)";

    private ServedStrategy() {
    }

    /**
     * @param honoured whether clients get what the strategy asks for
     * @param reason   a Kubernetes-style reason: {@code Honoured}, {@code WeightsIgnored} or {@code GeoIgnored}
     * @param message  what clients get, in a sentence
     */
    public record Verdict(boolean honoured, String reason, String message) {
    }

    public static Verdict of(GslbPolicy policy, ServingDns serving) {
        String what = switch (policy.type()) {
            case ROUND_ROBIN -> "every healthy cluster's targets, shuffled per query";
            case FAILOVER -> "the active cluster's targets, shuffled per query";
            case WEIGHT_ROUND_ROBIN -> serving == ServingDns.WAYFINDER
                    ? "one cluster per query, drawn by its weight (" + weights(policy.weights()) + "), with its targets of the asked family"
                    : "every healthy cluster's targets, shuffled per query";
            case GEOIP -> serving == ServingDns.WAYFINDER
                    ? "the healthy clusters of the client's region (wayfinder dns --geo), every healthy cluster for a client of no known region"
                    : "every healthy cluster's targets, whatever the client's region";
        };
        String server = serving == ServingDns.WAYFINDER ? "wayfinder dns" : "stock CoreDNS";
        if (serving == ServingDns.COREDNS && policy.type() == StrategyType.WEIGHT_ROUND_ROBIN) {
            return new Verdict(false, "WeightsIgnored", server + " ignores the weights (" + weights(policy.weights())
                    + "): clients get " + what + "; " + REMEDY);
        }
        if (serving == ServingDns.COREDNS && policy.type() == StrategyType.GEOIP) {
            return new Verdict(false, "GeoIgnored", server + " ignores the geo tags: clients get " + what + "; " + REMEDY);
        }
        return new Verdict(true, "Honoured", policy.type().wire() + " on " + server + ": clients get " + what);
    }

    private static String weights(Map<String, Integer> weights) {
        return new TreeMap<>(weights).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
