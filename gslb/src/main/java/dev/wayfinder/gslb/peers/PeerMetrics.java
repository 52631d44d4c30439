package dev.wayfinder.gslb.peers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer poller's meters, per peer geo tag: round trip of answered questions, failures by kind,
 * whether the peer answered its latest poll, and seconds since it last answered (NaN: never).
 */
final class PeerMetrics {

    private record Health(boolean reachable, Instant lastContact) {
    }

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final Map<String, Timer> roundTrips = new ConcurrentHashMap<>();

    PeerMetrics(MeterRegistry meters, Clock clock, Collection<String> tags) {
        this.meters = meters;
        this.clock = clock;
        tags.forEach(this::register);
    }

    private void register(String tag) {
        health.putIfAbsent(tag, new Health(false, null));
        Gauge.builder("wayfinder_gslb_peer_reachable", health, h -> h.get(tag).reachable() ? 1 : 0).tag("peer", tag)
                .description("1 when the peer answered its latest poll at any of its addresses").register(meters);
        Gauge.builder("wayfinder_gslb_peer_last_contact_age_seconds", health, h -> age(h.get(tag))).tag("peer", tag)
                .description("Seconds since the peer last answered (NaN: never)").register(meters);
    }

    private double age(Health h) {
        return h.lastContact() == null ? Double.NaN : Duration.between(h.lastContact(), clock.instant()).toMillis() / 1000.0;
    }

    void answered(String tag, Duration roundTrip) {
        roundTrips.computeIfAbsent(tag, t -> Timer.builder("wayfinder_gslb_peer_round_trip").tag("peer", t)
                .description("Round trip of answered localtargets questions").register(meters)).record(roundTrip);
    }

    void failed(String tag, DnsExchange.Failure why) {
        Counter.builder("wayfinder_gslb_peer_errors_total").tag("peer", tag).tag("kind", why.kind())
                .description("Peer questions that got no usable answer, by kind").register(meters).increment();
    }

    void polled(String tag, boolean reachable, Instant lastContact) {
        health.put(tag, new Health(reachable, lastContact));
    }
}
