package dev.wayfinder.server.transport;

import dev.wayfinder.server.transport.rrl.RateLimitAction;
import dev.wayfinder.server.transport.rrl.ResponseRateLimiter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that receive, answer and send on one UDP socket; a bad packet costs one iteration, nothing
 * more. Before sending, a reply longer than {@code --max-udp-size} is cut to its question with TC (a
 * guard whatever the handler did), and response rate limiting, when on, may drop it or send it truncated.
 */
final class UdpListener {

    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

    private final DatagramChannel channel;
    private final DnsHandler handler;
    private final int maxUdpSize;
    private final ResponseRateLimiter rrl;
    private final TransportMetrics metrics;
    private final List<Thread> threads = new ArrayList<>();

    private UdpListener(DatagramChannel channel, DnsHandler handler, int maxUdpSize, ResponseRateLimiter rrl, TransportMetrics metrics) {
        this.channel = channel;
        this.handler = handler;
        this.maxUdpSize = maxUdpSize;
        this.rrl = rrl;
        this.metrics = metrics;
    }

    /** {@code rrl} may be null: no rate limiting. */
    static UdpListener start(DatagramChannel channel, DnsHandler handler, int threads, int maxUdpSize, ResponseRateLimiter rrl,
                             TransportMetrics metrics) {
        UdpListener l = new UdpListener(channel, handler, maxUdpSize, rrl, metrics);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(l::serve, "dns-udp-" + i);
            t.setDaemon(true);
            l.threads.add(t);
            t.start();
        }
        return l;
    }

    /**
     * Receive, answer, send, with buffers of this thread's own: a reply the handler writes in place costs
     * no allocation here (the JDK may allocate the sender's address when it differs from the last one's).
     */
    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(65535);
        ByteBuffer out = ByteBuffer.allocate(65535);
        while (channel.isOpen()) {
            try {
                in.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(in);
                if (from == null) {
                    continue;
                }
                int n = handler.handleInto(in.array(), in.position(), from.getAddress(), out.array());
                if (n < 0) {
                    continue;
                }
                if (n <= maxUdpSize && rrl == null) {
                    out.clear().limit(n);
                    channel.send(out, from);
                    continue;
                }
                byte[] reply = outgoing(Arrays.copyOf(out.array(), n), from);
                if (reply != null) {
                    channel.send(ByteBuffer.wrap(reply), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("UDP packet dropped: {}", e.toString());
            }
        }
    }

    /** The bytes to send for {@code reply}, or null to send nothing. */
    private byte[] outgoing(byte[] reply, InetSocketAddress to) {
        byte[] sized = reply.length > maxUdpSize ? DnsWire.truncated(reply) : reply;
        if (rrl == null) {
            return sized;
        }
        RateLimitAction action = rrl.check(to.getAddress(), sized, System.nanoTime());
        if (action != RateLimitAction.SEND) {
            metrics.rateLimited(action);
        }
        return switch (action) {
            case SEND -> sized;
            case SLIP -> DnsWire.truncated(sized);
            case DROP -> null;
        };
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing UDP socket: {}", e.toString());
        }
    }
}
