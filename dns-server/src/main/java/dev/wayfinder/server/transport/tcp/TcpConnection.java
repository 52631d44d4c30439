package dev.wayfinder.server.transport.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Everything but {@link #out}, {@link #inFlight} and {@link #closed} is
 * touched by the selector thread only; workers add replies to {@link #out} and count down.
 */
final class TcpConnection implements ConnectionPolicy.Idleness {

    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    private static final int TCP_MAX = 65535;

    final SocketChannel channel;
    final SelectionKey key;
    final InetAddress client;
    final long openedAt;
    private final long sequence;
    final FrameReader reader = new FrameReader();
    /** Framed replies waiting to be written, one buffer per query (all the messages of a zone transfer in one). */
    final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();
    /** Queries taken from the stream whose replies are not yet fully written (or known to be none). */
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean closed;
    long lastUsefulAt;
    long writeStalledSince = FrameReader.NONE;
    /** Bytes read but not yet split into messages because the pipeline was full (null when none). */
    ByteBuffer stash;
    /** The client sent FIN: answer what it asked, then close. */
    boolean inputClosed;

    TcpConnection(SocketChannel channel, SelectionKey key, InetAddress client, long now, long sequence) {
        this.channel = channel;
        this.key = key;
        this.client = client;
        this.openedAt = now;
        this.lastUsefulAt = now;
        this.sequence = sequence;
    }

    @Override
    public boolean busy() {
        return inFlight.get() > 0 || !out.isEmpty();
    }

    @Override
    public long lastUsefulAt() {
        return lastUsefulAt;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    ConnectionPolicy.State state() {
        return new ConnectionPolicy.State(openedAt, lastUsefulAt, inputClosed ? FrameReader.NONE : reader.partialSince(),
                writeStalledSince, busy());
    }

    /** Writes what is waiting, as far as the socket takes it; tracks since when it has made no progress. */
    void flush(long now) throws IOException {
        boolean progress = false;
        ByteBuffer head;
        while ((head = out.peek()) != null) {
            progress |= channel.write(head) > 0;
            if (head.hasRemaining()) {
                break;
            }
            out.poll();
            inFlight.decrementAndGet();
            lastUsefulAt = now;
        }
        boolean waiting = !out.isEmpty();
        if (!waiting) {
            writeStalledSince = FrameReader.NONE;
        } else if (progress || writeStalledSince == FrameReader.NONE) {
            writeStalledSince = now;
        }
        interest(SelectionKey.OP_WRITE, waiting);
    }

    /** All the replies to one query as one buffer of length-prefixed messages; null when there are none. */
    static ByteBuffer framed(List<byte[]> replies) {
        List<byte[]> sendable = new ArrayList<>(replies.size());
        int total = 0;
        for (byte[] r : replies) {
            if (r.length <= TCP_MAX) {
                sendable.add(r);
                total += r.length + 2;
            } else {
                LOG.warn("Dropping a {}-byte reply: longer than a TCP message can be", r.length);
            }
        }
        if (sendable.isEmpty()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        for (byte[] r : sendable) {
            b.putShort((short) r.length).put(r);
        }
        return b.flip();
    }

    void interest(int op, boolean on) {
        if (key.isValid()) {
            key.interestOps(on ? key.interestOps() | op : key.interestOps() & ~op);
        }
    }
}
