package dev.wayfinder.gslb.status;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GSLB's metrics under {@code wayfinder_gslb_*}, per Gslb host. k8gb's counterparts are per Gslb only and say
 * nothing of failovers; these say which host moved where. Meters of a host or Gslb that is gone are removed, so
 * the tag space stays as large as the Gslbs that exist. Not thread-safe: the reporter calls it under its lock.
 */
final class GslbMetrics {

    static final String HEALTHY_RECORDS = "wayfinder_gslb_healthy_records";
    static final String SERVICE_STATUS = "wayfinder_gslb_service_status";
    static final String LOCAL_HEALTHY_ENDPOINTS = "wayfinder_gslb_local_healthy_endpoints";
    static final String FAILOVERS = "wayfinder_gslb_failovers_total";
    static final String ANSWER_CHANGES = "wayfinder_gslb_answer_changes_total";
    static final String STRATEGY_HONOURED = "wayfinder_gslb_strategy_honoured";

    private final MeterRegistry registry;
    private final Map<HostKey, HostMeters> hosts = new HashMap<>();
    private final Map<GslbKey, AtomicLong> honoured = new HashMap<>();
    private final Map<GslbKey, Meter> honouredMeters = new HashMap<>();

    private record GslbKey(String namespace, String name, String strategy) {
    }

    GslbMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    record HostKey(String namespace, String name, String host) {
        Tags tags() {
            return Tags.of("namespace", namespace, "name", name, "host", host);
        }
    }

    /** Gauges of one host; counters are registered on first use. */
    private final class HostMeters {
        final Tags tags;
        final AtomicLong records = new AtomicLong();
        final AtomicLong endpoints = new AtomicLong();
        final Map<HostHealth, AtomicLong> status = new HashMap<>();
        final Set<Meter> meters = new LinkedHashSet<>();

        HostMeters(HostKey key) {
            tags = key.tags();
            meters.add(Gauge.builder(HEALTHY_RECORDS, records, AtomicLong::get)
                    .description("Targets in the host's final answer").tags(tags).register(registry));
            meters.add(Gauge.builder(LOCAL_HEALTHY_ENDPOINTS, endpoints, AtomicLong::get)
                    .description("Ready endpoints behind the host in this cluster").tags(tags).register(registry));
            for (HostHealth h : HostHealth.values()) {
                AtomicLong v = new AtomicLong();
                status.put(h, v);
                meters.add(Gauge.builder(SERVICE_STATUS, v, AtomicLong::get)
                        .description("1 for the host's current health (k8gb's serviceHealth), 0 for the others")
                        .tags(tags.and("status", h.wire())).register(registry));
            }
        }

        void counter(String name, Tags extra, String description) {
            Counter c = Counter.builder(name).description(description).tags(tags.and(extra)).register(registry);
            meters.add(c);
            c.increment();
        }
    }

    void observe(GslbSpec gslb, HostOutcome o) {
        HostMeters m = hosts.computeIfAbsent(new HostKey(gslb.namespace(), gslb.name(), o.host().toString()), HostMeters::new);
        m.records.set(o.decision().allTargets().size());
        m.endpoints.set(o.local().healthyEndpoints());
        m.status.forEach((h, v) -> v.set(h == o.health() ? 1 : 0));
    }

    void answerChanged(GslbSpec gslb, String host) {
        meters(gslb, host).counter(ANSWER_CHANGES, Tags.empty(), "Changes of the host's final answer");
    }

    void failedOver(GslbSpec gslb, String host, String from, String to) {
        meters(gslb, host).counter(FAILOVERS, Tags.of("from", from, "to", to), "Moves of a failover host from one cluster to another");
    }

    /**
     * 1 when the serving DNS gives clients what the Gslb's strategy asks for, 0 when not (weighted or geoip on stock
     * CoreDNS). A Gslb whose strategy changes gets a new series; the old one is removed.
     */
    void strategyHonoured(GslbSpec gslb, boolean yes) {
        GslbKey key = new GslbKey(gslb.namespace(), gslb.name(), gslb.policy().type().wire());
        forget(gslb.namespace(), gslb.name(), key);
        honoured.computeIfAbsent(key, k -> {
            AtomicLong v = new AtomicLong();
            honouredMeters.put(k, Gauge.builder(STRATEGY_HONOURED, v, AtomicLong::get)
                    .description("1 when the DNS server that serves the zone gives clients what the Gslb's strategy asks for, else 0")
                    .tags(Tags.of("namespace", k.namespace(), "name", k.name(), "strategy", k.strategy())).register(registry));
            return v;
        }).set(yes ? 1 : 0);
    }

    /** Removes the Gslb's own (not per host) meters. */
    void forgetGslb(GslbSpec gslb) {
        forget(gslb.namespace(), gslb.name(), null);
    }

    private void forget(String namespace, String name, GslbKey keep) {
        honoured.keySet().removeIf(k -> {
            if (k.namespace().equals(namespace) && k.name().equals(name) && !k.equals(keep)) {
                registry.remove(honouredMeters.remove(k));
                return true;
            }
            return false;
        });
    }

    /** Removes the meters of every host of the Gslb not in {@code keep}. */
    void retain(String namespace, String name, Set<String> keep) {
        hosts.entrySet().removeIf(e -> {
            HostKey k = e.getKey();
            if (k.namespace().equals(namespace) && k.name().equals(name) && !keep.contains(k.host())) {
                e.getValue().meters.forEach(registry::remove);
                return true;
            }
            return false;
        });
    }

    private HostMeters meters(GslbSpec gslb, String host) {
        return hosts.computeIfAbsent(new HostKey(gslb.namespace(), gslb.name(), host), HostMeters::new);
    }
}
