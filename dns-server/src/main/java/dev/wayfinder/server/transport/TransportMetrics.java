package dev.wayfinder.server.transport;

import dev.wayfinder.server.transport.rrl.RateLimitAction;
import dev.wayfinder.server.transport.tcp.CloseReason;

/** What the listeners report beyond single queries: TCP connections and rate-limited responses. */
public interface TransportMetrics {

    TransportMetrics NONE = new TransportMetrics() {
    };

    /** A TCP connection was accepted. */
    default void tcpOpened() {
    }

    /** A TCP connection was closed, and why. */
    default void tcpClosed(CloseReason reason) {
    }

    /** A UDP response was dropped or sent truncated by response rate limiting. */
    default void rateLimited(RateLimitAction action) {
    }
}
