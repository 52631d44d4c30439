package dev.wayfinder.server.transport.tcp;

import dev.wayfinder.server.logging.RepeatedWarning;
import dev.wayfinder.server.transport.DnsHandler;
import dev.wayfinder.server.transport.TransportMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 7766) on non-blocking I/O: one selector thread accepts, reads and writes for
 * thousands of connections; worker threads answer. Pipelined queries are answered concurrently,
 * replies in the order they are ready (RFC 7766 §6.2.1.1), at most {@link #MAX_PIPELINE} per
 * connection at once (reading pauses beyond). A framed message that cannot be parsed gets FORMERR
 * and the connection goes on. Deadlines ({@link TcpLimits}, decided by {@link ConnectionPolicy}):
 * whole message, stalled reply, idle, lifetime; when {@code maxConnections} are open, the idlest
 * one is closed to admit the new one, so idle or trickling clients cannot lock others out.
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    static final int MAX_PIPELINE = 16;
    private static final int READ_BUFFER = 16 * 1024;
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Connections accepted per turn of the loop: under a connection flood, reads of those already
     * accepted come between, so a client's query is read before a burst of newcomers could push it out.
     */
    private static final int ACCEPTS_PER_TURN = 64;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final DnsHandler handler;
    private final TcpLimits limits;
    private final TransportMetrics metrics;
    private final ExecutorService workers;
    private final Thread loop;
    private final Set<TcpConnection> connections = new HashSet<>();
    private final Queue<TcpConnection> ready = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final AtomicInteger open = new AtomicInteger();
    private final RepeatedWarning acceptFailures = new RepeatedWarning(Duration.ofMinutes(1));
    private volatile boolean running = true;
    private long lastSweep = System.nanoTime();
    private long acceptPausedUntil = FrameReader.NONE;
    private long accepted;

    private TcpServer(ServerSocketChannel server, Selector selector, DnsHandler handler, TcpLimits limits, TransportMetrics metrics) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.limits = limits;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "dns-tcp-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.loop = new Thread(this::run, "dns-tcp");
        this.loop.setDaemon(true);
    }

    /** Listens on {@code at} (port 0: any free port) and starts the selector thread. */
    public static TcpServer start(InetSocketAddress at, DnsHandler handler, TcpLimits limits, TransportMetrics metrics) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(at, 1024);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        TcpServer s = new TcpServer(server, selector, handler, limits, metrics);
        s.loop.start();
        return s;
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("TCP listener closed", e);
        }
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private void run() {
        try {
            while (running) {
                selector.select(SWEEP_NANOS / 1_000_000);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key, now);
                }
                selector.selectedKeys().clear();
                TcpConnection c;
                while ((c = ready.poll()) != null) {
                    if (!c.closed) {
                        c.lastUsefulAt = now; // a query was answered (perhaps with nothing to send)
                        flushAndResume(c, now);
                    }
                }
                if (now - lastSweep >= SWEEP_NANOS) {
                    lastSweep = now;
                    sweep(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                LOG.error("The TCP DNS listener stopped: {}", e.toString(), e);
            }
        } finally {
            shutDown();
        }
    }

    private void handle(SelectionKey key, long now) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() == null) {
            accept(now);
            return;
        }
        TcpConnection c = (TcpConnection) key.attachment();
        try {
            if (key.isReadable()) {
                read(c, now);
            }
            if (!c.closed && key.isValid() && key.isWritable()) {
                flushAndResume(c, now);
            }
        } catch (IOException e) {
            close(c, CloseReason.CLIENT);
        } catch (RuntimeException e) {
            LOG.warn("TCP connection from {} failed", c.client, e);
            close(c, CloseReason.ERROR);
        }
    }

    private void accept(long now) {
        for (int turn = 0; turn < ACCEPTS_PER_TURN; turn++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                acceptFailed(e, now);
                return;
            }
            if (ch == null) {
                return;
            }
            acceptFailures.ended(now).ifPresent(s -> LOG.info("Accepting TCP connections again; the failure{}", s));
            if (connections.size() >= limits.maxConnections()) {
                evictIdlest();
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                TcpConnection c = new TcpConnection(ch, key, ((InetSocketAddress) ch.getRemoteAddress()).getAddress(), now, ++accepted);
                key.attach(c);
                connections.add(c);
                open.incrementAndGet();
                metrics.tcpOpened();
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** Out of file descriptors, typically: make room by closing the idlest connection, or pause accepting briefly. */
    private void acceptFailed(IOException e, long now) {
        acceptFailures.occurred("Cannot accept TCP connections: " + e.getMessage(), now).ifPresent(LOG::warn);
        if (!evictIdlest()) {
            acceptPausedUntil = now + SWEEP_NANOS;
            server.keyFor(selector).interestOps(0);
        }
    }

    private boolean evictIdlest() {
        return ConnectionPolicy.idlest(connections).map(c -> {
            LOG.debug("{} TCP connections open: closing the idlest, from {}", connections.size(), c.client);
            close(c, CloseReason.EVICTED);
            return c;
        }).isPresent();
    }

    private void read(TcpConnection c, long now) throws IOException {
        if (c.stash != null) {
            return; // paused: the stash is taken first, as replies go out
        }
        readBuffer.clear();
        int n = c.channel.read(readBuffer);
        if (n < 0) {
            c.inputClosed = true;
            c.interest(SelectionKey.OP_READ, false);
            if (!c.busy()) {
                close(c, CloseReason.CLIENT);
            }
            return;
        }
        readBuffer.flip();
        take(c, readBuffer, now);
        if (readBuffer.hasRemaining()) {
            c.stash = ByteBuffer.allocate(readBuffer.remaining()).put(readBuffer).flip();
            c.interest(SelectionKey.OP_READ, false);
        }
    }

    /** Takes whole messages from {@code in} while the pipeline has room, handing each to a worker. */
    private void take(TcpConnection c, ByteBuffer in, long now) {
        while (c.inFlight.get() < MAX_PIPELINE) {
            byte[] message = c.reader.next(in, now);
            if (message == null) {
                return;
            }
            c.lastUsefulAt = now;
            c.inFlight.incrementAndGet();
            answer(c, message);
        }
    }

    private void answer(TcpConnection c, byte[] message) {
        try {
            workers.execute(() -> {
                List<byte[]> replies = List.of();
                try {
                    replies = handler.handle(message, message.length, c.client, true);
                } catch (RuntimeException e) {
                    LOG.warn("Answering a TCP query from {} failed", c.client, e);
                }
                ByteBuffer framed = TcpConnection.framed(replies);
                if (framed == null) {
                    c.inFlight.decrementAndGet();
                } else {
                    c.out.add(framed);
                }
                ready.add(c);
                selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            c.inFlight.decrementAndGet(); // stopping
        }
    }

    /** Writes what is waiting; once replies are out, resumes reading a connection the pipeline had paused. */
    private void flushAndResume(TcpConnection c, long now) {
        try {
            c.flush(now);
        } catch (IOException e) {
            close(c, CloseReason.CLIENT);
            return;
        }
        if (c.inputClosed) {
            if (!c.busy()) {
                close(c, CloseReason.CLIENT);
            }
            return;
        }
        if (c.stash != null && c.inFlight.get() < MAX_PIPELINE) {
            take(c, c.stash, now);
            if (!c.stash.hasRemaining()) {
                c.stash = null;
            }
        }
        c.interest(SelectionKey.OP_READ, c.stash == null && c.inFlight.get() < MAX_PIPELINE);
    }

    private void sweep(long now) {
        List<TcpConnection> expired = new ArrayList<>();
        List<CloseReason> reasons = new ArrayList<>();
        for (TcpConnection c : connections) {
            ConnectionPolicy.expired(c.state(), now, limits).ifPresent(r -> {
                expired.add(c);
                reasons.add(r);
            });
        }
        for (int i = 0; i < expired.size(); i++) {
            close(expired.get(i), reasons.get(i));
        }
        if (acceptPausedUntil != FrameReader.NONE && now >= acceptPausedUntil) {
            acceptPausedUntil = FrameReader.NONE;
            server.keyFor(selector).interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void close(TcpConnection c, CloseReason reason) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        c.key.cancel();
        closeQuietly(c.channel);
        connections.remove(c);
        open.decrementAndGet();
        metrics.tcpClosed(reason);
        LOG.debug("Closed the TCP connection from {}: {}", c.client, reason.label());
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }

    private void shutDown() {
        for (TcpConnection c : new ArrayList<>(connections)) {
            close(c, CloseReason.SHUTDOWN);
        }
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("Closing the TCP listener: {}", e.toString());
        }
        workers.shutdownNow();
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
