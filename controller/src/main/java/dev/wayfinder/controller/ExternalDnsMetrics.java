package dev.wayfinder.controller;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.plan.CurrentRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ExternalDNS's {@code external_dns_*} series (its {@code controller/metrics.go}), same names, labels
 * and meaning, so its dashboards and alerts work unchanged:
 * {@code controller_last_sync_timestamp_seconds}, {@code controller_last_reconcile_timestamp_seconds},
 * {@code controller_no_op_runs_total}, {@code controller_consecutive_soft_errors},
 * {@code controller_verified_records{record_type}}, {@code source_endpoints_total}, {@code source_errors_total},
 * {@code source_records{record_type}}, {@code registry_endpoints_total}, {@code registry_errors_total},
 * {@code registry_records{record_type}}.
 *
 * <p>Two differences a scrape shows: the {@code *_endpoints_total} gauges are typed counter (the
 * Prometheus client reserves {@code _total} for counters; the name and value are ExternalDNS's), and
 * with several {@code --provider}s the per-pass values are those of the pass that ran last.
 */
final class ExternalDnsMetrics {

    private static final String NS = "external_dns_";
    // controller.go counts records of these types (countAddressRecords / countMatchingAddressRecords).
    private static final List<RecordType> COUNTED = List.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.SRV,
            RecordType.TXT, RecordType.MX, RecordType.NS, RecordType.PTR);

    private final AtomicLong lastSync = new AtomicLong();
    private final AtomicLong lastReconcile = new AtomicLong();
    private final AtomicLong softErrors = new AtomicLong();
    private final AtomicLong sourceEndpoints = new AtomicLong();
    private final AtomicLong registryEndpoints = new AtomicLong();
    private final Map<RecordType, AtomicLong> sourceRecords = new EnumMap<>(RecordType.class);
    private final Map<RecordType, AtomicLong> registryRecords = new EnumMap<>(RecordType.class);
    private final Map<RecordType, AtomicLong> verified = new EnumMap<>(RecordType.class);
    private final Counter noOp;
    private final Counter sourceErrors;
    private final Counter registryErrors;

    ExternalDnsMetrics(MeterRegistry registry) {
        registry.gauge(NS + "controller_last_sync_timestamp_seconds", lastSync);
        registry.gauge(NS + "controller_last_reconcile_timestamp_seconds", lastReconcile);
        registry.gauge(NS + "controller_consecutive_soft_errors", softErrors);
        FunctionCounter.builder(NS + "source_endpoints", sourceEndpoints, AtomicLong::get)
                .description("Number of Endpoints in all sources").register(registry);
        FunctionCounter.builder(NS + "registry_endpoints", registryEndpoints, AtomicLong::get)
                .description("Number of Endpoints in the registry").register(registry);
        noOp = Counter.builder(NS + "controller_no_op_runs").description("Number of reconcile loops ending up with no changes on the DNS"
                + " provider side.").register(registry);
        sourceErrors = Counter.builder(NS + "source_errors").description("Number of Source errors.").register(registry);
        registryErrors = Counter.builder(NS + "registry_errors").description("Number of Registry errors.").register(registry);
        for (RecordType t : COUNTED) {
            List<Tag> tags = List.of(Tag.of("record_type", t.name())); // controller/metrics.go countAddressRecords: "A", "AAAA"…
            sourceRecords.put(t, registry.gauge(NS + "source_records", tags, new AtomicLong()));
            registryRecords.put(t, registry.gauge(NS + "registry_records", tags, new AtomicLong()));
            verified.put(t, registry.gauge(NS + "controller_verified_records", tags, new AtomicLong()));
        }
    }

    void attempted(long epochSecond) {
        lastReconcile.set(epochSecond);
    }

    void sourceFailed() {
        sourceErrors.increment();
    }

    void registryFailed() {
        registryErrors.increment();
    }

    /** A failed pass that will be retried: ExternalDNS's soft error. */
    void softError() {
        softErrors.incrementAndGet();
    }

    /** What one pass saw: the desired endpoints and the provider's records (controller.go RunOnce). */
    void observed(List<Endpoint> desired, List<CurrentRecord> current) {
        sourceEndpoints.set(desired.size());
        registryEndpoints.set(current.size());
        count(desired, sourceRecords);
        count(current.stream().map(CurrentRecord::record).toList(), registryRecords);
        Set<Endpoint.Key> have = new HashSet<>();
        current.forEach(c -> have.add(c.record().key()));
        count(desired.stream().filter(d -> have.contains(d.key())).toList(), verified);
    }

    private static void count(List<Endpoint> endpoints, Map<RecordType, AtomicLong> gauges) {
        Map<RecordType, Long> n = new EnumMap<>(RecordType.class);
        endpoints.forEach(e -> n.merge(e.type(), 1L, Long::sum));
        gauges.forEach((t, g) -> g.set(n.getOrDefault(t, 0L)));
    }

    /** A pass reached the provider: the sync timestamp; no changes counts as a no-op run. */
    void synced(long epochSecond, boolean changed) {
        lastSync.set(epochSecond);
        softErrors.set(0);
        if (!changed) {
            noOp.increment();
        }
    }
}
