package dev.wayfinder.gslb.status;

import dev.wayfinder.gslb.api.NamespacedName;
import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.PeerState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * k8gb's {@code status} ({@code serviceHealth}, {@code healthyRecords}, {@code geoTag}, {@code hosts}), plus Wayfinder's
 * reason sentence and code per host, the geo tag each failover host is served from, what each peer last said, and
 * the generation it was computed from, and the Gslb's conditions ({@link GslbConditions}). {@link #toMap()} is what goes to the
 * status subresource, but for the conditions' {@code lastTransitionTime}, which the reporter keeps from what is stored.
 */
public record GslbStatus(
        Map<String, String> serviceHealth,
        Map<String, List<String>> healthyRecords,
        String geoTag,
        List<String> hosts,
        Map<String, String> reasons,
        Map<String, String> reasonCodes,
        Map<String, String> activeGeoTags,
        Map<String, PeerStatus> peers,
        OptionalLong observedGeneration,
        Served served,
        List<Condition> conditions) {

    public GslbStatus {
        serviceHealth = Map.copyOf(serviceHealth);
        healthyRecords = Map.copyOf(healthyRecords);
        hosts = List.copyOf(hosts);
        reasons = Map.copyOf(reasons);
        reasonCodes = Map.copyOf(reasonCodes);
        activeGeoTags = Map.copyOf(activeGeoTags);
        peers = Map.copyOf(peers);
        java.util.Objects.requireNonNull(served, "served");
        conditions = List.copyOf(conditions);
    }

    /**
     * One Kubernetes-style condition ({@link GslbConditions}).
     *
     * @param status  True or False
     * @param reason  CamelCase, for machines
     * @param message for people
     */
    public record Condition(String type, boolean status, String reason, String message) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("status", status ? "True" : "False");
            m.put("reason", reason);
            m.put("message", message);
            return m;
        }
    }

    /**
     * k8gb's {@code status.loadBalancer.exposedIps} and {@code status.servers} (api/v1beta1io/gslb_types.go): the addresses
     * this cluster exposes for the Gslb, and each host with its backing Services as the reference was resolved. Only hosts
     * in this cluster's load-balanced zones are listed, as k8gb lists only hosts inside a ZoneDelegation
     * (controllers/gslb_controller_reconciliation.go, filterServersByZoneDelegations). Unlike k8gb's, the addresses include
     * IPv6 ones, which Wayfinder publishes as AAAA records.
     */
    public record Served(List<String> exposedIps, List<Server> servers) {
        public static final Served NONE = new Served(List.of(), List.of());

        public Served {
            exposedIps = List.copyOf(exposedIps);
            servers = List.copyOf(servers);
        }
    }

    /** One {@code status.servers[]} entry. */
    public record Server(String host, List<NamespacedName> services) {
        public Server {
            services = List.copyOf(services);
        }
    }

    /** k8gb's fields and the reason sentences only. */
    public GslbStatus(Map<String, String> serviceHealth, Map<String, List<String>> healthyRecords, String geoTag, List<String> hosts,
                      Map<String, String> reasons) {
        this(serviceHealth, healthyRecords, geoTag, hosts, reasons, Map.of(), Map.of(), Map.of(), OptionalLong.empty(), Served.NONE, List.of());
    }

    /**
     * One peer cluster as last heard, over all hosts of the Gslb.
     *
     * @param reachable   whether the latest poll for every host got an answer
     * @param lastContact the latest answer for any host; empty when never heard from
     * @param targets     per host, the peer's {@code localtargets-<host>}
     */
    public record PeerStatus(boolean reachable, Optional<Instant> lastContact, Map<String, List<String>> targets) {
        public PeerStatus {
            targets = Map.copyOf(targets);
        }
    }

    /** The status for {@code outcomes}, as computed in one pass by a cluster with {@code clusterGeoTag}. */
    public static GslbStatus of(String clusterGeoTag, List<HostOutcome> outcomes) {
        return of(clusterGeoTag, outcomes, Served.NONE);
    }

    /** With k8gb's {@code loadBalancer} and {@code servers}. */
    public static GslbStatus of(String clusterGeoTag, List<HostOutcome> outcomes, Served served) {
        return of(clusterGeoTag, outcomes, served, List.of());
    }

    /** With k8gb's {@code loadBalancer} and {@code servers}, and the Gslb's conditions. */
    public static GslbStatus of(String clusterGeoTag, List<HostOutcome> outcomes, Served served, List<Condition> conditions) {
        Map<String, String> health = new LinkedHashMap<>();
        Map<String, List<String>> records = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> codes = new LinkedHashMap<>();
        Map<String, String> active = new LinkedHashMap<>();
        List<String> hosts = new ArrayList<>();
        Set<String> peerTags = new TreeSet<>();
        for (HostOutcome o : outcomes) {
            String host = o.host().toString();
            hosts.add(host);
            health.put(host, o.health().wire());
            records.put(host, o.decision().allTargets());
            reasons.put(host, o.decision().reason().message());
            codes.put(host, codeName(o.decision().reason().code()));
            o.decision().active().ifPresent(tag -> active.put(host, tag));
            o.peers().forEach(p -> peerTags.add(p.geoTag()));
        }
        Map<String, PeerStatus> peers = new LinkedHashMap<>();
        peerTags.forEach(tag -> peers.put(tag, peer(outcomes, tag)));
        return new GslbStatus(health, records, clusterGeoTag, hosts, reasons, codes, active, peers, OptionalLong.empty(), served,
                conditions);
    }

    private static PeerStatus peer(List<HostOutcome> outcomes, String tag) {
        boolean reachable = true;
        Instant last = Instant.EPOCH;
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (HostOutcome o : outcomes) {
            for (PeerState p : o.peers()) {
                if (p.geoTag().equals(tag)) {
                    reachable &= p.reachable();
                    last = p.lastContact().isAfter(last) ? p.lastContact() : last;
                    targets.put(o.host().toString(), p.targets());
                }
            }
        }
        // The poller dates a never-answering peer at the epoch: that is "never", not 1970.
        return new PeerStatus(reachable, last.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(last), targets);
    }

    /** {@code FAILBACK_HELD} → {@code FailbackHeld}: the spelling of Kubernetes reasons. */
    public static String codeName(GslbDecision.Code code) {
        return Arrays.stream(code.name().split("_"))
                .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining());
    }

    public GslbStatus withObservedGeneration(long generation) {
        return new GslbStatus(serviceHealth, healthyRecords, geoTag, hosts, reasons, reasonCodes, activeGeoTags, peers,
                OptionalLong.of(generation), served, conditions);
    }

    /** The same status with every peer's last contact left out: what decides whether a status write is worth it. */
    public GslbStatus withoutContactTimes() {
        Map<String, PeerStatus> p = new LinkedHashMap<>();
        peers.forEach((tag, s) -> p.put(tag, new PeerStatus(s.reachable(), Optional.empty(), s.targets())));
        return new GslbStatus(serviceHealth, healthyRecords, geoTag, hosts, reasons, reasonCodes, activeGeoTags, p, observedGeneration,
                served, conditions);
    }

    /** The status subresource's content; maps are sorted so equal statuses serialise identically. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceHealth", new TreeMap<>(serviceHealth));
        m.put("healthyRecords", new TreeMap<>(healthyRecords));
        m.put("geoTag", geoTag);
        m.put("hosts", String.join(", ", hosts));
        Map<String, Object> loadBalancer = new LinkedHashMap<>();
        if (!served.exposedIps().isEmpty()) {
            loadBalancer.put("exposedIps", served.exposedIps());
        }
        m.put("loadBalancer", loadBalancer);
        if (!served.servers().isEmpty()) {
            List<Map<String, Object>> servers = new ArrayList<>();
            for (Server server : served.servers()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("host", server.host());
                if (!server.services().isEmpty()) {
                    one.put("services", server.services().stream().map(n -> {
                        Map<String, Object> nn = new LinkedHashMap<>();
                        nn.put("namespace", n.namespace());
                        nn.put("name", n.name());
                        return nn;
                    }).toList());
                }
                servers.add(one);
            }
            m.put("servers", servers);
        }
        m.put("reasons", new TreeMap<>(reasons));
        if (!reasonCodes.isEmpty()) {
            m.put("reasonCodes", new TreeMap<>(reasonCodes));
        }
        if (!activeGeoTags.isEmpty()) {
            m.put("activeGeoTags", new TreeMap<>(activeGeoTags));
        }
        if (!peers.isEmpty()) {
            Map<String, Object> p = new TreeMap<>();
            peers.forEach((tag, s) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("reachable", s.reachable());
                s.lastContact().ifPresent(t -> one.put("lastContact", t.truncatedTo(ChronoUnit.SECONDS).toString()));
                one.put("targets", new TreeMap<>(s.targets()));
                p.put(tag, one);
            });
            m.put("peers", p);
        }
        if (!conditions.isEmpty()) {
            m.put("conditions", conditions.stream().map(Condition::toMap).toList());
        }
        observedGeneration.ifPresent(g -> m.put("observedGeneration", g));
        return m;
    }
}
