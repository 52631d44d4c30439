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

    /**
     * k8gb's failover, generalised to an ordered list: each listed geo tag is a tier of its own, tried in order; every
     * other known cluster forms the last tier, served together. With only {@code primaryGeoTag} listed this is k8gb's
     * rule (its {@code applicationDNSEndpoint.go}: the primary alone while it is healthy, else every remaining healthy
     * cluster); with nothing listed (failover without {@code primaryGeoTag}, which k8gb accepts) no cluster is primary
     * and every healthy cluster is served, as k8gb's secondaries all do then.
     */
    private static GslbDecision failover(GslbInput in, Map<String, View> views, Map<String, Instant> since) {
        GslbPolicy p = in.policy();
        List<String> listed = p.failoverOrder();
        if (listed.isEmpty()) {
            GslbDecision all = union(in, views, since);
            return new GslbDecision(all.groups(), all.ttlSeconds(), new Reason(Code.UNION, "failover without a primaryGeoTag serves every"
                    + " healthy cluster (as k8gb): " + all.reason().message()), Optional.empty(), since);
        }
        List<String> skipped = new ArrayList<>();
        int best = listed.size();
        for (int i = 0; i < listed.size() && best == listed.size(); i++) {
            View v = views.get(listed.get(i));
            if (v == null) {
                skipped.add(listed.get(i) + " is not known to this cluster");
            } else if (v.healthy()) {
                best = i;
            } else {
                skipped.add(v.whyEmpty());
            }
        }
        int was = in.previous().filter(d -> !d.isEmpty()).map(d -> rank(listed, d.groups())).orElse(best);
        if (was > best && !tier(listed, was, views).isEmpty()) {
            String tag = listed.get(best);
            Instant until = since.get(tag).plus(p.failbackHoldDown());
            if (in.now().isBefore(until)) {
                return served(p, tier(listed, was, views), since, Code.FAILBACK_HELD,
                        "failback to " + tag + " held until " + until + "; serving " + tags(tier(listed, was, views)));
            }
            return served(p, tier(listed, best, views), since, Code.FAILBACK, "failback to " + tag + ": healthy since " + since.get(tag));
        }
        List<View> serving = tier(listed, best, views);
        if (best == listed.size()) {
            views.values().stream().filter(v -> !listed.contains(v.geoTag()) && !v.healthy()).forEach(v -> skipped.add(v.whyEmpty()));
        }
        if (skipped.isEmpty()) {
            return served(p, serving, since, Code.PRIMARY_HEALTHY, "primary " + tags(serving) + " healthy");
        }
        return served(p, serving, since, Code.FAILOVER, "failover to " + tags(serving) + ": " + String.join("; ", skipped));
    }

    /** The healthy clusters of tier {@code i}: the listed geo tag at {@code i}, or, past the list, every other healthy cluster. */
    private static List<View> tier(List<String> listed, int i, Map<String, View> views) {
        if (i < listed.size()) {
            View v = views.get(listed.get(i));
            return v != null && v.healthy() ? List.of(v) : List.of();
        }
        return views.values().stream().filter(v -> !listed.contains(v.geoTag()) && v.healthy())
                .sorted((a, b) -> a.geoTag().compareTo(b.geoTag())).toList();
    }

    /** The best tier a previous answer served from (the list's size for the last tier, or an empty answer). */
    private static int rank(List<String> listed, List<TargetGroup> served) {
        return served.stream().mapToInt(g -> listed.contains(g.geoTag()) ? listed.indexOf(g.geoTag()) : listed.size()).min()
                .orElse(listed.size());
    }

    private static String tags(List<View> views) {
        return String.join(", ", views.stream().map(View::geoTag).toList());
    }

    private static GslbDecision served(GslbPolicy p, List<View> views, Map<String, Instant> since, Code code, String msg) {
        List<TargetGroup> groups = views.stream().map(v -> {
            Integer w = p.weights().get(v.geoTag());
            return new TargetGroup(v.geoTag(), v.targets(), w == null ? OptionalInt.empty() : OptionalInt.of(w));
        }).toList();
        return new GslbDecision(groups, p.ttlSeconds(), new Reason(code, msg), Optional.of(tags(views).replace(" ", "")), since);
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
