package dev.wayfinder.gslb.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The push's meters: NOTIFYs sent (acknowledged by the peer) and not delivered, by peer; NOTIFYs received and acted
 * on, by peer; refused, by reason (unsigned, bad signature, unknown peer, standby, malformed…); dropped by the rate
 * limits, by which limit.
 */
final class PushMetrics {

    private final MeterRegistry meters;

    PushMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void sent(String peer) {
        Counter.builder("wayfinder_gslb_notify_sent_total").tag("peer", peer)
                .description("NOTIFYs sent to a peer's controller and acknowledged").register(meters).increment();
    }

    void undelivered(String peer, String reason) {
        Counter.builder("wayfinder_gslb_notify_send_failures_total").tag("peer", peer).tag("reason", reason)
                .description("NOTIFYs a peer did not acknowledge after every attempt, by reason").register(meters).increment();
    }

    void received(String peer) {
        Counter.builder("wayfinder_gslb_notify_received_total").tag("peer", peer)
                .description("Validly signed NOTIFYs from a peer, each followed by a poll of what it names").register(meters).increment();
    }

    void refused(String reason) {
        Counter.builder("wayfinder_gslb_notify_refused_total").tag("reason", reason)
                .description("NOTIFYs refused, by reason: unsigned, bad_signature, unknown_peer, standby, unknown_name, malformed,"
                        + " not_notify").register(meters).increment();
    }

    void rateLimited(String limit) {
        Counter.builder("wayfinder_gslb_notify_rate_limited_total").tag("limit", limit)
                .description("NOTIFYs dropped unread by the per-source or the overall rate limit").register(meters).increment();
    }
}
