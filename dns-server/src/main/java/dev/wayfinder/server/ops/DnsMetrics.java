package dev.wayfinder.server.ops;

import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.QueryMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The DNS server's metrics: queries by type, rcode and transport, a latency histogram, and the
 * snapshot's revision, size, decode errors and age (how long it may lag etcd).
 */
public final class DnsMetrics implements QueryMetrics {

    private final MeterRegistry registry;
    private final Timer latency;
    private final ConcurrentHashMap<Integer, Counter> counters = new ConcurrentHashMap<>();

    public DnsMetrics(MeterRegistry registry, SnapshotStore store) {
        this.registry = registry;
        this.latency = Timer.builder("wayfinder.dns.query.duration")
                .description("Time from receiving a query to having its reply bytes")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        Gauge.builder("wayfinder.dns.snapshot.revision", store, s -> s.current().revision())
                .description("etcd revision of the snapshot being served").register(registry);
        Gauge.builder("wayfinder.dns.snapshot.keys", store, s -> s.current().size())
                .description("keys in the snapshot being served").register(registry);
        Gauge.builder("wayfinder.dns.snapshot.decode.errors", store, s -> s.current().decodeErrors())
                .description("keys whose value CoreDNS could not decode (queries reading them get SERVFAIL)").register(registry);
        Gauge.builder("wayfinder.dns.snapshot.age", store, s -> s.staleness().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("how long the served snapshot may lag etcd: 0 while the watch is live").register(registry);
        Gauge.builder("wayfinder.dns.snapshot.in.sync", store, s -> s.isInSync() ? 1 : 0)
                .description("1 while the snapshot follows etcd live").register(registry);
    }

    @Override
    public void answered(int qtype, int rcode, long nanos, boolean tcp) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        int key = ((qtype & 0xffff) << 13) | ((rcode & 0xfff) << 1) | (tcp ? 1 : 0);
        counters.computeIfAbsent(key, k -> Counter.builder("wayfinder.dns.queries")
                .description("DNS queries answered, by question type, reply rcode and transport")
                .tag("type", qtype < 0 ? "unparseable" : Type.string(qtype))
                .tag("rcode", Rcode.string(rcode))
                .tag("transport", tcp ? "tcp" : "udp")
                .register(registry)).increment();
    }
}
