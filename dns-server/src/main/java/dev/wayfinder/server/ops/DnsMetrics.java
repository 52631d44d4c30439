package dev.wayfinder.server.ops;

import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.QueryMetrics;
import dev.wayfinder.server.transport.TransportMetrics;
import dev.wayfinder.server.transport.rrl.RateLimitAction;
import dev.wayfinder.server.transport.tcp.CloseReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The DNS server's metrics: queries by type, rcode and transport, a latency histogram, the
 * snapshot's revision, size, decode errors and age (how long it may lag etcd), open and closed TCP
 * connections, and rate-limited responses. Every label takes values from a finite set
 * ({@link QueryLabels}, {@link CloseReason}, {@link RateLimitAction}), whatever clients send.
 */
public final class DnsMetrics implements QueryMetrics, TransportMetrics {

    private final MeterRegistry registry;
    private final QueryLatency latency;
    /**
     * Indexed by the labels ({@link QueryLabels#index}), not the raw type, so 65,536 query types cost as many
     * entries as their labels; each counter is registered on first use, and counting allocates nothing.
     */
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(QueryLabels.INDEXES);
    private final AtomicInteger tcpOpen = new AtomicInteger();
    private final Map<CloseReason, Counter> tcpClosed = new EnumMap<>(CloseReason.class);
    private final Map<RateLimitAction, Counter> rateLimited = new EnumMap<>(RateLimitAction.class);

    public DnsMetrics(MeterRegistry registry, SnapshotStore store) {
        this.registry = registry;
        this.latency = new QueryLatency(registry);
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
        Gauge.builder("wayfinder.dns.tcp.connections", tcpOpen, AtomicInteger::get)
                .description("open TCP connections").register(registry);
        for (CloseReason reason : CloseReason.values()) {
            tcpClosed.put(reason, Counter.builder("wayfinder.dns.tcp.closed")
                    .description("TCP connections closed, by reason (client, idle, message_timeout, write_timeout, lifetime, evicted, error, shutdown)")
                    .tag("reason", reason.label()).register(registry));
        }
        for (RateLimitAction action : RateLimitAction.values()) {
            rateLimited.put(action, Counter.builder("wayfinder.dns.rrl.responses")
                    .description("UDP responses withheld by response rate limiting: dropped, or slipped (sent truncated so real clients retry over TCP)")
                    .tag("action", action.label()).register(registry));
        }
    }

    @Override
    public void answered(int qtype, int rcode, long nanos, boolean tcp) {
        count(qtype, rcode, nanos, tcp, false);
    }

    @Override
    public void answeredPrepared(int qtype, int rcode, long nanos, boolean tcp) {
        count(qtype, rcode, nanos, tcp, true);
    }

    private void count(int qtype, int rcode, long nanos, boolean tcp, boolean prepared) {
        latency.record(nanos, prepared);
        int i = QueryLabels.index(qtype, rcode, tcp);
        Counter c = counters.get(i);
        if (c == null) {
            c = Counter.builder("wayfinder.dns.queries")
                    .description("DNS queries answered, by question type (CoreDNS's monitored types, else other), reply rcode and transport")
                    .tag("type", QueryLabels.type(qtype))
                    .tag("rcode", QueryLabels.rcode(rcode))
                    .tag("transport", tcp ? "tcp" : "udp")
                    .register(registry); // the registry hands every thread the same counter for the same labels
            counters.set(i, c);
        }
        c.increment();
    }

    @Override
    public void tcpOpened() {
        tcpOpen.incrementAndGet();
    }

    @Override
    public void tcpClosed(CloseReason reason) {
        tcpOpen.decrementAndGet();
        tcpClosed.get(reason).increment();
    }

    @Override
    public void rateLimited(RateLimitAction action) {
        rateLimited.get(action).increment();
    }
}
