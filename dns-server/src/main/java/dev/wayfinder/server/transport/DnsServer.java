package dev.wayfinder.server.transport;

import dev.wayfinder.server.transport.rrl.ResponseRateLimiter;
import dev.wayfinder.server.transport.rrl.RrlSettings;
import dev.wayfinder.server.transport.tcp.TcpLimits;
import dev.wayfinder.server.transport.tcp.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listeners: UDP (several sockets sharing the port through {@code SO_REUSEPORT} where
 * the OS allows it, one reader each by default, which answers prepared replies itself and hands
 * other queries to a pool of full-path workers; replies capped at {@code maxUdpSize}, optionally
 * rate limited) and TCP (non-blocking, {@link TcpServer}). Both hand messages to one {@link DnsHandler}.
 * A port of 0 picks a free port, the same for both.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);

    /**
     * Listener settings: UDP sockets (SO_REUSEPORT spreads clients over them by address hash; one per core by
     * default), reader threads per UDP socket (one by default: a second reader only waits for the socket's lock,
     * and slow answers go to the full-path workers anyway), the largest UDP reply ({@code --max-udp-size}),
     * response rate limiting (empty: off), and the TCP limits. The UDP full-path workers number as many as the readers,
     * and at least two per core.
     */
    public record Settings(int udpSockets, int udpThreadsPerSocket, int maxUdpSize, Optional<RrlSettings> rrl, TcpLimits tcp, UdpIo udpIo) {

        public Settings(int udpSockets, int udpThreadsPerSocket, int maxUdpSize, Optional<RrlSettings> rrl, TcpLimits tcp) {
            this(udpSockets, udpThreadsPerSocket, maxUdpSize, rrl, tcp, UdpIo.AUTO);
        }

        /** The defaults with this UDP sizing and at most {@code tcpConnections} TCP connections, idle for at most {@code tcpIdleMillis}. */
        public Settings(int udpSockets, int udpThreadsPerSocket, int tcpConnections, int tcpIdleMillis) {
            this(udpSockets, udpThreadsPerSocket, QueryProcessor.DEFAULT_MAX_UDP, Optional.empty(),
                    TcpLimits.defaults().withMaxConnections(tcpConnections).withIdleTimeout(Duration.ofMillis(tcpIdleMillis)));
        }

        public static Settings defaults() {
            return new Settings(Math.max(1, Runtime.getRuntime().availableProcessors()), 1, QueryProcessor.DEFAULT_MAX_UDP,
                    Optional.empty(), TcpLimits.defaults());
        }

        public Settings withTcp(TcpLimits limits) {
            return new Settings(udpSockets, udpThreadsPerSocket, maxUdpSize, rrl, limits, udpIo);
        }

        public Settings withRrl(Optional<RrlSettings> rateLimiting) {
            return new Settings(udpSockets, udpThreadsPerSocket, maxUdpSize, rateLimiting, tcp, udpIo);
        }

        public Settings withMaxUdpSize(int size) {
            return new Settings(udpSockets, udpThreadsPerSocket, size, rrl, tcp, udpIo);
        }

        public Settings withUdpIo(UdpIo io) {
            return new Settings(udpSockets, udpThreadsPerSocket, maxUdpSize, rrl, tcp, io);
        }
    }

    /**
     * How UDP is read and written: {@code BATCHED}, many datagrams per system call ({@code recvmmsg}/{@code sendmmsg},
     * Linux only, through JNA); {@code JDK}, the JDK's {@code DatagramChannel}, one per call; {@code AUTO}, batched
     * where it can run, else the JDK's.
     */
    public enum UdpIo { AUTO, BATCHED, JDK }

    /** Queries the UDP readers do not answer at once wait at most this many deep for a full-path worker. */
    private static final int FULL_PATH_QUEUE = 4_096;

    private final List<UdpReader> udp;
    private final TcpServer tcp;
    private final ExecutorService fullPath;

    private DnsServer(List<UdpReader> udp, TcpServer tcp, ExecutorService fullPath) {
        this.udp = udp;
        this.tcp = tcp;
        this.fullPath = fullPath;
    }

    /**
     * The UDP full-path workers: daemon threads, a bounded queue (a full one drops). As many as the readers, and at
     * least two per core: a full-path answer may wait on an upstream, and an upstream that is this server (as in the
     * differential test) sends its questions back through these same workers.
     */
    private static ExecutorService fullPathWorkers(Settings settings) {
        int threads = Math.max(settings.udpSockets() * Math.max(1, settings.udpThreadsPerSocket()),
                2 * Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(FULL_PATH_QUEUE), r -> {
            Thread t = new Thread(r, "dns-udp-full-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    public static DnsServer start(InetSocketAddress listen, DnsHandler handler, Settings settings) throws IOException {
        return start(listen, handler, settings, TransportMetrics.NONE);
    }

    public static DnsServer start(InetSocketAddress listen, DnsHandler handler, Settings settings, TransportMetrics metrics)
            throws IOException {
        ResponseRateLimiter rrl = settings.rrl().map(ResponseRateLimiter::new).orElse(null);
        UdpReplies replies = new UdpReplies(settings.maxUdpSize(), rrl, metrics);
        boolean batched = batched(settings.udpIo());
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            UdpSockets sockets = batched ? UdpSockets.linux(listen, settings.udpSockets()) : UdpSockets.jdk(listen, settings.udpSockets());
            try {
                TcpServer tcp = TcpServer.start(sockets.bound(), handler, settings.tcp(), metrics);
                ExecutorService fullPath = fullPathWorkers(settings);
                List<UdpReader> udp = sockets.listen(handler, Math.max(1, settings.udpThreadsPerSocket()), replies, fullPath);
                LOG.info("Serving DNS on {} (UDP: {} socket(s), {}, replies up to {} bytes{}; TCP: up to {} connections)", sockets.bound(),
                        sockets.count(), batched ? "batched system calls" : "one datagram per call", settings.maxUdpSize(),
                        rrl == null ? "" : ", rate limited to " + settings.rrl().get().responsesPerSecond() + "/s per network",
                        settings.tcp().maxConnections());
                return new DnsServer(udp, tcp, fullPath);
            } catch (IOException e) {
                sockets.close();
                last = e;
                if (listen.getPort() != 0) {
                    break;
                }
            }
        }
        throw new IOException("cannot listen for DNS on " + listen + ": " + last.getMessage(), last);
    }

    /** Whether UDP goes through the batched Linux listener; {@code BATCHED} where it cannot run fails. */
    private static boolean batched(UdpIo io) throws IOException {
        Optional<String> unavailable = io == UdpIo.JDK ? Optional.of("--udp-io jdk") : LinuxUdp.unavailable();
        if (io == UdpIo.BATCHED && unavailable.isPresent()) {
            throw new IOException("--udp-io batched cannot run here: " + unavailable.get());
        }
        if (io == UdpIo.AUTO && unavailable.isPresent()) {
            LOG.info("UDP through the JDK's DatagramChannel, one datagram per call ({})", unavailable.get());
        }
        return unavailable.isEmpty();
    }

    public InetSocketAddress address() {
        return tcp.address();
    }

    /** TCP connections open now. */
    public int tcpConnections() {
        return tcp.openConnections();
    }

    @Override
    public void close() {
        udp.forEach(UdpReader::close);
        fullPath.shutdownNow();
        tcp.close();
    }
}
