package dev.wayfinder.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that receive, answer and send on one UDP socket; a bad packet costs one iteration, nothing
 * more. A reader answers what the handler answers at once (prepared replies) itself and hands every
 * other query to the full-path workers, so a slow answer (an upstream lookup) never holds up the socket.
 * Replies go out through {@link UdpReplies} (size guard, rate limiting). The JDK's {@code DatagramChannel}:
 * one datagram per call; {@link BatchedUdpListener} is the Linux listener that takes many per call.
 */
final class UdpListener implements UdpReader {

    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

    private final DatagramChannel channel;
    private final DnsHandler handler;
    private final UdpReplies replies;
    private final Executor fullPath;
    private final List<Thread> threads = new ArrayList<>();

    private UdpListener(DatagramChannel channel, DnsHandler handler, UdpReplies replies, Executor fullPath) {
        this.channel = channel;
        this.handler = handler;
        this.replies = replies;
        this.fullPath = fullPath;
    }

    /** {@code fullPath} runs the queries not answered at once. */
    static UdpListener start(DatagramChannel channel, String name, DnsHandler handler, int threads, UdpReplies replies, Executor fullPath) {
        UdpListener l = new UdpListener(channel, handler, replies, fullPath);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(l::serve, threads == 1 ? name : name + "." + i);
            t.setDaemon(true);
            l.threads.add(t);
            t.start();
        }
        return l;
    }

    /**
     * Receive, answer, send, with buffers of this thread's own: direct ones for the socket (so the JDK needs no
     * temporary buffer and copy of its own) and arrays the handler reads and writes. A reply the handler writes
     * in place costs no allocation here (the JDK allocates the sender's address when it differs from the last one's).
     */
    private void serve() {
        ByteBuffer in = ByteBuffer.allocateDirect(65535);
        ByteBuffer out = ByteBuffer.allocateDirect(65535);
        byte[] query = new byte[65535];
        byte[] reply = new byte[65535];
        while (channel.isOpen()) {
            try {
                in.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(in);
                if (from == null) {
                    continue;
                }
                int length = in.position();
                in.flip().get(query, 0, length);
                int n = handler.answerAtOnce(query, length, from.getAddress(), reply);
                if (n == DnsHandler.NOT_ANSWERED) {
                    handOver(Arrays.copyOf(query, length), from);
                    continue;
                }
                if (n < 0) {
                    continue;
                }
                if (replies.asIs(n)) {
                    out.clear();
                    out.put(reply, 0, n).flip();
                    channel.send(out, from);
                    continue;
                }
                byte[] sized = replies.outgoing(Arrays.copyOf(reply, n), from.getAddress());
                if (sized != null) {
                    channel.send(ByteBuffer.wrap(sized), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("UDP packet dropped: {}", e.toString());
            }
        }
    }

    /** Answers {@code query} on a full-path worker; dropped, as a UDP query may be, when they are all busy and their queue full. */
    private void handOver(byte[] query, InetSocketAddress from) {
        try {
            fullPath.execute(() -> {
                try {
                    List<byte[]> answers = handler.handle(query, query.length, from.getAddress(), false);
                    byte[] reply = answers.isEmpty() ? null : replies.outgoing(answers.get(0), from.getAddress());
                    if (reply != null) {
                        channel.send(ByteBuffer.wrap(reply), from);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("UDP packet dropped: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("UDP query from {} dropped: every full-path worker is busy", from);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing UDP socket: {}", e.toString());
        }
    }
}
