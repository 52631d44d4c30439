package dev.wayfinder.controller;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.plan.CurrentRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The controller's Prometheus metrics, under {@code wayfinder_controller_*}. */
public final class ControllerMetrics {

    private final Map<RecordType, AtomicLong> managed = new EnumMap<>(RecordType.class);
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong consecutiveErrors = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final Map<String, Counter> planned;
    private final Map<String, AtomicLong> lastPlan;
    private final Timer duration;
    private final Counter errors;
    private final ExternalDnsMetrics externalDns;

    public ControllerMetrics(MeterRegistry registry) {
        externalDns = new ExternalDnsMetrics(registry);
        for (RecordType t : RecordType.values()) {
            AtomicLong g = new AtomicLong();
            managed.put(t, g);
            registry.gauge("wayfinder_controller_records_managed", List.of(io.micrometer.core.instrument.Tag.of("type", t.name())), g);
        }
        registry.gauge("wayfinder_controller_last_sync_timestamp_seconds", lastSuccess);
        registry.gauge("wayfinder_controller_consecutive_errors", consecutiveErrors);
        registry.gauge("wayfinder_controller_conflicts", conflicts);
        registry.gauge("wayfinder_controller_invalid_objects", invalid);
        planned = Map.of(
                "create", Counter.builder("wayfinder_controller_planned_changes_total").tag("kind", "create").register(registry),
                "update", Counter.builder("wayfinder_controller_planned_changes_total").tag("kind", "update").register(registry),
                "delete", Counter.builder("wayfinder_controller_planned_changes_total").tag("kind", "delete").register(registry));
        lastPlan = Map.of("create", new AtomicLong(), "update", new AtomicLong(), "delete", new AtomicLong());
        lastPlan.forEach((k, v) -> registry.gauge("wayfinder_controller_last_plan_size", List.of(io.micrometer.core.instrument.Tag.of("kind", k)), v));
        duration = Timer.builder("wayfinder_controller_reconcile_duration").publishPercentileHistogram().register(registry);
        errors = Counter.builder("wayfinder_controller_reconcile_errors_total").register(registry);
    }

    /** ExternalDNS's {@code external_dns_*} series, fed beside these. */
    ExternalDnsMetrics externalDns() {
        return externalDns;
    }

    void planned(Changes c) {
        count("create", c.create().size());
        count("update", c.update().size());
        count("delete", c.delete().size());
    }

    private void count(String kind, int n) {
        planned.get(kind).increment(n);
        lastPlan.get(kind).set(n);
    }

    void observed(int conflictCount, int invalidCount) {
        conflicts.set(conflictCount);
        invalid.set(invalidCount);
    }

    void managed(List<CurrentRecord> owned) {
        Map<RecordType, Long> counts = new EnumMap<>(RecordType.class);
        owned.forEach(c -> counts.merge(c.record().type(), 1L, Long::sum));
        managed.forEach((t, g) -> g.set(counts.getOrDefault(t, 0L)));
    }

    void succeeded(Duration took, long epochSecond) {
        duration.record(took);
        lastSuccess.set(epochSecond);
        consecutiveErrors.set(0);
    }

    void failed(Duration took) {
        duration.record(took);
        errors.increment();
        consecutiveErrors.incrementAndGet();
    }

    public long consecutiveErrors() {
        return consecutiveErrors.get();
    }

    public long lastSuccessEpochSecond() {
        return lastSuccess.get();
    }
}
