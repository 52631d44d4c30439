package dev.wayfinder.gslb.status;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.records.GslbRecords;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.StrategyType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * k8gb's Prometheus series, beside Wayfinder's {@code wayfinder_gslb_*}, with k8gb v0.21's names, labels and meaning
 * (controllers/providers/metrics/prometheus.go lines 63-79 and 131-224), so its dashboards and alerts keep working:
 * per Gslb, the hosts per health status, the served and the local served addresses, the served addresses by strategy and
 * health, the targets of each record, errors and successful passes ({@code k8gb_runtime_info} is the composition root's). Where k8gb sets a per-host
 * series once per host under one label set (so the last host wins), this sums over the hosts. The Infoblox series are not
 * kept: Wayfinder has no Infoblox edge. Not thread-safe: the reporter calls it under its lock.
 */
final class K8gbMetrics {

    static final String ERRORS = "k8gb_gslb_errors_total";
    static final String LOOPS = "k8gb_gslb_reconciliation_loops_total";
    static final String HEALTHY_RECORDS = "k8gb_gslb_healthy_records";
    static final String HEALTHY_LOCAL_RECORDS = "k8gb_gslb_healthy_local_records";
    static final String SERVICE_STATUS_NUM = "k8gb_gslb_service_status_num";
    static final String STATUS_COUNT_FOR_FAILOVER = "k8gb_gslb_status_count_for_failover";
    static final String STATUS_COUNT_FOR_ROUNDROBIN = "k8gb_gslb_status_count_for_roundrobin";
    static final String STATUS_COUNT_FOR_GEOIP = "k8gb_gslb_status_count_for_geoip";
    static final String ENDPOINT_STATUS_NUM = "k8gb_endpoint_status_num";

    private final MeterRegistry registry;
    private final String clusterGeoTag;
    private final Map<String, Gslb> gslbs = new HashMap<>();

    K8gbMetrics(MeterRegistry registry, String clusterGeoTag) {
        this.registry = registry;
        this.clusterGeoTag = clusterGeoTag;
    }

    /** The series of one Gslb; gauges by label set, created on first use and removed with the Gslb. */
    private final class Gslb {
        final Tags tags;
        final Map<String, AtomicLong> gauges = new LinkedHashMap<>();
        final Set<Meter> meters = new HashSet<>();

        Gslb(String namespace, String name) {
            tags = Tags.of("namespace", namespace, "name", name);
        }

        void set(String metric, String description, Tags extra, long value) {
            String key = metric + extra;
            AtomicLong v = gauges.computeIfAbsent(key, k -> {
                AtomicLong a = new AtomicLong();
                meters.add(Gauge.builder(metric, a, AtomicLong::get).description(description).tags(tags.and(extra)).register(registry));
                return a;
            });
            v.set(value);
        }

        void reset(String metric, Tags extra) {
            AtomicLong v = gauges.get(metric + extra);
            if (v != null) {
                v.set(0);
            }
        }

        void count(String metric, String description) {
            Counter c = Counter.builder(metric).description(description).tags(tags).register(registry);
            meters.add(c);
            c.increment();
        }
    }

    private Gslb gslb(String namespace, String name) {
        return gslbs.computeIfAbsent(namespace + "/" + name, k -> new Gslb(namespace, name));
    }

    /** One pass over a Gslb: k8gb counts a reconcile that failed as an error, one that completed as a loop. */
    void passed(String namespace, String name, boolean ok) {
        Gslb g = gslb(namespace, name);
        if (ok) {
            g.count(LOOPS, "Number of successful reconciliation loops.");
        } else {
            g.count(ERRORS, "Number of errors");
        }
    }

    void observe(GslbSpec spec, List<HostOutcome> outcomes, GslbStatus.Served served) {
        Gslb g = gslb(spec.namespace(), spec.name());
        Map<HostHealth, Long> hosts = new LinkedHashMap<>();
        for (HostHealth h : HostHealth.values()) {
            hosts.put(h, 0L);
        }
        Set<String> servedIps = new HashSet<>();
        long records = 0;
        Map<String, Long> byStatus = new LinkedHashMap<>();
        boolean failover = spec.strategy().type() == StrategyType.FAILOVER;
        String suffix = failover ? (spec.strategy().primaryGeoTag().filter(clusterGeoTag::equals).isPresent() ? "_primary" : "_secondary") : "";
        for (HostHealth h : HostHealth.values()) {
            byStatus.put(h.wire() + suffix, 0L);
        }
        for (HostOutcome o : outcomes) {
            hosts.merge(o.health(), 1L, Long::sum);
            List<String> targets = o.decision().allTargets();
            records += targets.size();
            servedIps.addAll(targets);
            byStatus.merge(o.health().wire() + suffix, (long) targets.size(), Long::sum);
            String host = o.host().toString();
            Tags local = Tags.of("dns_name", GslbRecords.LOCAL_PREFIX + host);
            if (o.health() == HostHealth.HEALTHY && !o.local().targets().isEmpty()) {
                g.set(ENDPOINT_STATUS_NUM, "Number of targets in DNS endpoint.", local, o.local().targets().size());
            } else {
                // The record is gone: its series reads 0 rather than its last count.
                g.reset(ENDPOINT_STATUS_NUM, local);
            }
            g.set(ENDPOINT_STATUS_NUM, "Number of targets in DNS endpoint.", Tags.of("dns_name", host), targets.size());
        }
        hosts.forEach((h, n) -> g.set(SERVICE_STATUS_NUM, "Number of managed hosts observed by K8GB.", Tags.of("status", h.wire()), n));
        g.set(HEALTHY_RECORDS, "Number of healthy records observed by K8GB.", Tags.empty(), records);
        g.set(HEALTHY_LOCAL_RECORDS, "Number of local cluster healthy records observed by K8GB.", Tags.of("geotag", clusterGeoTag),
                served.exposedIps().stream().filter(servedIps::contains).count());
        String metric = switch (spec.strategy().type()) {
            case FAILOVER -> STATUS_COUNT_FOR_FAILOVER;
            case GEOIP -> STATUS_COUNT_FOR_GEOIP;
            case ROUND_ROBIN, WEIGHT_ROUND_ROBIN -> STATUS_COUNT_FOR_ROUNDROBIN;
        };
        String description = switch (spec.strategy().type()) {
            case FAILOVER -> "Gslb status count for Failover strategy.";
            case GEOIP -> "Gslb status count for GeoIP strategy.";
            case ROUND_ROBIN, WEIGHT_ROUND_ROBIN -> "Gslb status count for RoundRobin strategy.";
        };
        byStatus.forEach((status, n) -> g.set(metric, description, Tags.of("status", status), n));
    }

    /** Removes every series of the Gslb. */
    void forget(String namespace, String name) {
        Gslb g = gslbs.remove(namespace + "/" + name);
        if (g != null) {
            g.meters.forEach(registry::remove);
        }
    }
}
