package dev.wayfinder.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listeners: UDP (several sockets sharing the port through {@code SO_REUSEPORT} where
 * the OS allows it, one thread each) and TCP (a bounded pool of connection handlers). Both hand
 * packets to one {@link QueryProcessor}. A port of 0 picks a free port, the same for both.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);

    /**
     * Listener sizing: UDP sockets (SO_REUSEPORT spreads clients over them by address hash), threads
     * per UDP socket (more than one, so an uneven hash still uses every core), concurrent TCP
     * connections, TCP idle timeout.
     */
    public record Settings(int udpSockets, int udpThreadsPerSocket, int tcpConnections, int tcpIdleMillis) {
        public static Settings defaults() {
            return new Settings(Math.max(1, Runtime.getRuntime().availableProcessors()), 2, 128, 10_000);
        }
    }

    private final List<UdpListener> udp;
    private final TcpListener tcp;

    private DnsServer(List<UdpListener> udp, TcpListener tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    public static DnsServer start(InetSocketAddress listen, QueryProcessor processor, Settings settings) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            List<DatagramChannel> channels = new ArrayList<>();
            try {
                channels.add(bindUdp(listen, settings.udpSockets() > 1));
                InetSocketAddress bound = (InetSocketAddress) channels.get(0).getLocalAddress();
                for (int i = 1; i < settings.udpSockets() && reusePortSupported(channels.get(0)); i++) {
                    channels.add(bindUdp(bound, true));
                }
                TcpListener tcp = TcpListener.start(bound, processor, settings);
                List<UdpListener> udp = new ArrayList<>();
                for (DatagramChannel ch : channels) {
                    udp.add(UdpListener.start(ch, processor, Math.max(1, settings.udpThreadsPerSocket())));
                }
                LOG.info("Serving DNS on {} (UDP: {} socket(s); TCP)", bound, channels.size());
                return new DnsServer(udp, tcp);
            } catch (IOException e) {
                for (DatagramChannel ch : channels) {
                    ch.close();
                }
                last = e;
                if (listen.getPort() != 0) {
                    break;
                }
            }
        }
        throw new IOException("cannot listen for DNS on " + listen + ": " + last.getMessage(), last);
    }

    private static DatagramChannel bindUdp(InetSocketAddress at, boolean reusePort) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            if (reusePort && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(at);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private static boolean reusePortSupported(DatagramChannel ch) {
        return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    }

    public InetSocketAddress address() {
        return tcp.address();
    }

    @Override
    public void close() {
        udp.forEach(UdpListener::close);
        tcp.close();
    }
}
