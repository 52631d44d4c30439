package dev.wayfinder.server.transport;

import dev.wayfinder.server.transport.rrl.RateLimitAction;
import dev.wayfinder.server.transport.rrl.ResponseRateLimiter;
import java.net.InetAddress;

/**
 * What goes out for a UDP reply, whichever listener sends it: a reply longer than {@code --max-udp-size}
 * is cut to its question with TC (a guard whatever the handler did), and response rate limiting, when on,
 * may drop it or send it truncated.
 */
final class UdpReplies {

    private final int maxUdpSize;
    private final ResponseRateLimiter rrl;
    private final TransportMetrics metrics;

    /** {@code rrl} may be null: no rate limiting. */
    UdpReplies(int maxUdpSize, ResponseRateLimiter rrl, TransportMetrics metrics) {
        this.maxUdpSize = maxUdpSize;
        this.rrl = rrl;
        this.metrics = metrics;
    }

    /** Whether a reply of {@code length} bytes goes out as it is, with no copy and no check. */
    boolean asIs(int length) {
        return length <= maxUdpSize && rrl == null;
    }

    /** The bytes to send for {@code reply} to {@code to}, or null to send nothing. */
    byte[] outgoing(byte[] reply, InetAddress to) {
        byte[] sized = reply.length > maxUdpSize ? DnsWire.truncated(reply) : reply;
        if (rrl == null) {
            return sized;
        }
        RateLimitAction action = rrl.check(to, sized, System.nanoTime());
        if (action != RateLimitAction.SEND) {
            metrics.rateLimited(action);
        }
        return switch (action) {
            case SEND -> sized;
            case SLIP -> DnsWire.truncated(sized);
            case DROP -> null;
        };
    }
}
