package dev.wayfinder.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Threads that receive, answer and send on one UDP socket; a bad packet costs one iteration, nothing more. */
final class UdpListener {

    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

    private final DatagramChannel channel;
    private final List<Thread> threads = new ArrayList<>();

    private UdpListener(DatagramChannel channel) {
        this.channel = channel;
    }

    static UdpListener start(DatagramChannel channel, QueryProcessor processor, int threads) {
        UdpListener l = new UdpListener(channel);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> l.serve(processor), "dns-udp-" + i);
            t.setDaemon(true);
            l.threads.add(t);
            t.start();
        }
        return l;
    }

    private void serve(QueryProcessor processor) {
        ByteBuffer in = ByteBuffer.allocate(65535);
        while (channel.isOpen()) {
            try {
                in.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(in);
                if (from == null) {
                    continue;
                }
                byte[] reply = processor.process(in.array(), in.position(), from.getAddress(), false);
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

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing UDP socket: {}", e.toString());
        }
    }
}
