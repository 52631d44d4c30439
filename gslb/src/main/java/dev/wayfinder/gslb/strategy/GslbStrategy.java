package dev.wayfinder.gslb.strategy;

import dev.wayfinder.gslb.strategy.GslbDecision.Code;
import dev.wayfinder.gslb.strategy.GslbDecision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/** The GSLB decision for one host as a pure function of {@link GslbInput}. */
public final class GslbStrategy {

    private GslbStrategy() {
    }

    /** A cluster's effective targets after health and peer grace, or why it has none. */
    private record View(String geoTag, List<String> targets, String whyEmpty) {
        boolean healthy() {
            return !targets.isEmpty();
        }
    }

    public static GslbDecision decide(GslbInput in) {
        Map<String, View> views = views(in);
        Map<String, Instant> since = healthySince(in, views);
        boolean anyHealthy = views.values().stream().anyMatch(View::healthy);
        if (!anyHealthy) {
            return allUnhealthy(in, views, since);
        }
        return switch (in.policy().type()) {
            case FAILOVER -> failover(in, views, since);
            case ROUND_ROBIN, WEIGHT_ROUND_ROBIN, GEOIP -> union(in, views, since);
        };
    }

    /** Local first, then peers in geo-tag order; a peer reporting this cluster's own tag is ignored. */
    private static Map<String, View> views(GslbInput in) {
        Map<String, View> views = new LinkedHashMap<>();
        GslbPolicy p = in.policy();
        LocalHealth local = in.local();
        if (local.healthyEndpoints() < p.minHealthyEndpoints()) {
            views.put(in.localGeoTag(), new View(in.localGeoTag(), List.of(), in.localGeoTag() + " has "
                    + local.healthyEndpoints() + " healthy endpoints (minimum " + p.minHealthyEndpoints() + ")"));
        } else if (local.targets().isEmpty()) {
            views.put(in.localGeoTag(), new View(in.localGeoTag(), List.of(), in.localGeoTag() + " exposes no addresses"));
        } else {
            views.put(in.localGeoTag(), new View(in.localGeoTag(), local.targets(), ""));
        }
        in.peers().stream()
                .filter(peer -> !peer.geoTag().equals(in.localGeoTag()))
                .sorted((a, b) -> a.geoTag().compareTo(b.geoTag()))
                .forEach(peer -> views.put(peer.geoTag(), peerView(peer, p.peerGrace(), in.now())));
        return views;
    }

    private static View peerView(PeerState peer, Duration grace, Instant now) {
        String tag = peer.geoTag();
        if (!peer.reachable() && peer.lastContact().plus(grace).isBefore(now)) {
            return new View(tag, List.of(), tag + " unreachable since " + peer.lastContact() + ", beyond its grace of " + grace);
        }
        if (peer.targets().isEmpty()) {
            return new View(tag, List.of(), tag + " reports no healthy targets");
        }
        return new View(tag, peer.targets(), "");
    }

    private static Map<String, Instant> healthySince(GslbInput in, Map<String, View> views) {
        Map<String, Instant> before = in.previous().map(GslbDecision::healthySince).orElse(Map.of());
        Map<String, Instant> since = new HashMap<>();
        views.values().stream().filter(View::healthy)
                .forEach(v -> since.put(v.geoTag(), before.getOrDefault(v.geoTag(), in.now())));
        return since;
    }

    private static GslbDecision union(GslbInput in, Map<String, View> views, Map<String, Instant> since) {
        GslbPolicy p = in.policy();
        List<TargetGroup> groups = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (View v : views.values()) {
            if (v.healthy()) {
                Integer w = p.weights().get(v.geoTag());
                groups.add(new TargetGroup(v.geoTag(), v.targets(), w == null ? OptionalInt.empty() : OptionalInt.of(w)));
            } else {
                left.add(v.whyEmpty());
            }
        }
        String served = String.join(", ", groups.stream().map(TargetGroup::geoTag).toList());
        String msg = p.type().wire() + " over " + served + (left.isEmpty() ? "" : "; left out: " + String.join("; ", left));
        return new GslbDecision(groups, p.ttlSeconds(), new Reason(Code.UNION, msg), Optional.empty(), since);
    }

    /** The failover list, then every other known cluster in sorted order. */
    static List<String> priority(GslbPolicy p, Iterable<String> known) {
        List<String> order = new ArrayList<>(p.failoverOrder());
        TreeSet<String> rest = new TreeSet<>();
        known.forEach(rest::add);
        order.forEach(rest::remove);
        order.addAll(rest);
        return order;
    }

    private static GslbDecision failover(GslbInput in, Map<String, View> views, Map<String, Instant> since) {
        GslbPolicy p = in.policy();
        List<String> order = priority(p, views.keySet());
        List<String> skipped = new ArrayList<>();
        String best = null;
        for (String tag : order) {
            View v = views.get(tag);
            if (v == null) {
                skipped.add(tag + " is not known to this cluster");
            } else if (v.healthy()) {
                best = tag;
                break;
            } else {
                skipped.add(v.whyEmpty());
            }
        }
        Optional<String> was = in.previous().flatMap(GslbDecision::active);
        if (was.isPresent() && !was.get().equals(best) && views.containsKey(was.get()) && views.get(was.get()).healthy()
                && order.indexOf(was.get()) > order.indexOf(best)) {
            Instant until = since.get(best).plus(p.failbackHoldDown());
            if (in.now().isBefore(until)) {
                return served(p, views.get(was.get()), since, Code.FAILBACK_HELD,
                        "failback to " + best + " held until " + until + "; serving " + was.get());
            }
            return served(p, views.get(best), since, Code.FAILBACK,
                    "failback to " + best + ": healthy since " + since.get(best));
        }
        if (skipped.isEmpty()) {
            return served(p, views.get(best), since, Code.PRIMARY_HEALTHY, "primary " + best + " healthy");
        }
        return served(p, views.get(best), since, Code.FAILOVER, "failover to " + best + ": " + String.join("; ", skipped));
    }

    private static GslbDecision served(GslbPolicy p, View v, Map<String, Instant> since, Code code, String msg) {
        Integer w = p.weights().get(v.geoTag());
        TargetGroup g = new TargetGroup(v.geoTag(), v.targets(), w == null ? OptionalInt.empty() : OptionalInt.of(w));
        return new GslbDecision(List.of(g), p.ttlSeconds(), new Reason(code, msg), Optional.of(v.geoTag()), since);
    }

    private static GslbDecision allUnhealthy(GslbInput in, Map<String, View> views, Map<String, Instant> since) {
        GslbPolicy p = in.policy();
        String why = String.join("; ", views.values().stream().map(View::whyEmpty).toList());
        Optional<GslbDecision> prev = in.previous().filter(d -> !d.isEmpty());
        if (p.allUnhealthy() == AllUnhealthyBehaviour.KEEP_LAST_KNOWN && prev.isPresent()) {
            return new GslbDecision(prev.get().groups(), p.ttlSeconds(),
                    new Reason(Code.KEPT_LAST_KNOWN, "no healthy targets, keeping the last known answer: " + why),
                    prev.get().active(), since);
        }
        return new GslbDecision(List.of(), 0,
                new Reason(Code.NO_HEALTHY_TARGETS, "no healthy targets, NXDOMAIN: " + why), Optional.empty(), since);
    }
}
