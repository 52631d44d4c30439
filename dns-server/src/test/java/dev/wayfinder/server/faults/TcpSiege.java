package dev.wayfinder.server.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP exhaustion row: {@code idle} connections that never send, and {@code drippers} that send
 * one byte of a query every {@code dripEvery} (the attack of issue 14). The attacker is persistent:
 * every connection the server closes is opened again at once, so the pressure never lets up. While
 * it runs, {@link #probe} measures what a new, honest client gets. Plain Java (bench and CI).
 */
public final class TcpSiege implements AutoCloseable {

    /** What the siege saw: attacker connections the server closed (and that were reopened), connects refused. */
    public record Pressure(long idleClosed, long drippersClosed, long connectFailures, int open) {
    }

    private final InetSocketAddress server;
    private final List<SocketChannel> idle = new ArrayList<>();
    private final List<SocketChannel> drippers = new ArrayList<>();
    private final byte[] dripQuery;
    private final int[] dripAt;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tcp-siege");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong idleClosed = new AtomicLong();
    private final AtomicLong drippersClosed = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();

    private TcpSiege(InetSocketAddress server, int drippers, String name) {
        this.server = server;
        byte[] q = TcpDns.query(name, org.xbill.DNS.Type.A, 7);
        this.dripQuery = new byte[q.length + 2];
        dripQuery[0] = (byte) (q.length >>> 8);
        dripQuery[1] = (byte) q.length;
        System.arraycopy(q, 0, dripQuery, 2, q.length);
        this.dripAt = new int[drippers];
    }

    /** Opens the connections and starts dripping; every {@code check} closed connections are counted and reopened. */
    public static TcpSiege start(InetSocketAddress server, int idle, int drippers, Duration dripEvery, String name) {
        TcpSiege s = new TcpSiege(server, drippers, name);
        for (int i = 0; i < idle; i++) {
            s.idle.add(s.open());
        }
        for (int i = 0; i < drippers; i++) {
            s.drippers.add(s.open());
        }
        s.timer.scheduleWithFixedDelay(s::drip, dripEvery.toMillis(), dripEvery.toMillis(), TimeUnit.MILLISECONDS);
        s.timer.scheduleWithFixedDelay(s::reopenIdle, 200, 200, TimeUnit.MILLISECONDS);
        return s;
    }

    /** A new client's experience: connect, ask over TCP, read the answer; the time it took, or empty when it failed within {@code limit}. */
    public java.util.Optional<Duration> probe(String name, int id, Duration limit) {
        long start = System.nanoTime();
        try (TcpDns c = TcpDns.connect(server, limit)) {
            org.xbill.DNS.Message m = c.send(TcpDns.query(name, org.xbill.DNS.Type.A, id)).read();
            return m.getHeader().getID() == id ? java.util.Optional.of(Duration.ofNanos(System.nanoTime() - start))
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    public Pressure pressure() {
        synchronized (this) {
            int openNow = (int) (idle.stream().filter(SocketChannel::isOpen).count() + drippers.stream().filter(SocketChannel::isOpen).count());
            return new Pressure(idleClosed.get(), drippersClosed.get(), connectFailures.get(), openNow);
        }
    }

    private SocketChannel open() {
        try {
            SocketChannel ch = SocketChannel.open(server);
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            connectFailures.incrementAndGet();
            return null;
        }
    }

    /** One byte of the query on every dripper (the query is never completed: it starts over). */
    private synchronized void drip() {
        for (int i = 0; i < drippers.size(); i++) {
            SocketChannel ch = drippers.get(i);
            if (ch == null || closed(ch)) {
                drippersClosed.incrementAndGet();
                closeQuietly(ch);
                drippers.set(i, open());
                dripAt[i] = 0;
                continue;
            }
            try {
                ch.write(ByteBuffer.wrap(dripQuery, dripAt[i] % (dripQuery.length - 1), 1));
                dripAt[i]++;
            } catch (IOException e) {
                drippersClosed.incrementAndGet();
                closeQuietly(ch);
                drippers.set(i, open());
                dripAt[i] = 0;
            }
        }
    }

    private synchronized void reopenIdle() {
        for (int i = 0; i < idle.size(); i++) {
            SocketChannel ch = idle.get(i);
            if (ch == null || closed(ch)) {
                idleClosed.incrementAndGet();
                closeQuietly(ch);
                idle.set(i, open());
            }
        }
    }

    private static boolean closed(SocketChannel ch) {
        try {
            return ch.read(ByteBuffer.allocate(64)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        idle.forEach(TcpSiege::closeQuietly);
        drippers.forEach(TcpSiege::closeQuietly);
    }
}
