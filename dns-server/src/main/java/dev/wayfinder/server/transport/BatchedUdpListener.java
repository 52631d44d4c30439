package dev.wayfinder.server.transport;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux UDP listener: each reader takes every datagram queued on its socket in one {@code recvmmsg}
 * call (blocking for the first only), answers the prepared ones in place and sends all those replies in
 * one {@code sendmmsg}, as NSD and Knot do; queries not answered at once go to the full-path workers,
 * which send their reply with {@code sendto}. Fewer system calls and wake-ups per query than the JDK's
 * one-datagram {@code DatagramChannel} (measured in BENCHMARKS.md). No allocation per query in steady
 * state: native buffers of the reader's own, and the client's address kept while it stays the same.
 */
final class BatchedUdpListener implements UdpReader {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedUdpListener.class);

    /** Datagrams per call. */
    static final int BATCH = 32;
    /** The largest query taken; a longer datagram is dropped (a DNS query over UDP is far smaller). */
    static final int MAX_QUERY = 8192;
    /** {@code struct mmsghdr}: a {@code struct msghdr} (56 bytes on 64-bit Linux) and the received length. */
    private static final int MMSGHDR = 64;
    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_FLAGS = 48;
    private static final int MSG_LEN = 56;
    private static final int IOVEC = 16;
    private static final int MSG_TRUNC = 0x20;

    private final int fd;
    private final DnsHandler handler;
    private final UdpReplies replies;
    private final Executor fullPath;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private BatchedUdpListener(int fd, DnsHandler handler, UdpReplies replies, Executor fullPath) {
        this.fd = fd;
        this.handler = handler;
        this.replies = replies;
        this.fullPath = fullPath;
    }

    /** Reads socket {@code fd} (from {@link LinuxUdp#open}) with {@code threads} readers; the listener closes it. */
    static BatchedUdpListener start(int fd, String name, DnsHandler handler, int threads, UdpReplies replies, Executor fullPath) {
        BatchedUdpListener l = new BatchedUdpListener(fd, handler, replies, fullPath);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(l::serve, threads == 1 ? name : name + "." + i);
            t.setDaemon(true);
            l.threads.add(t);
            t.start();
        }
        return l;
    }

    private void serve() {
        try (Batch b = new Batch()) {
            while (!closed) {
                int received = b.receive();
                if (received > 0) {
                    b.send(answer(b, received));
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("UDP reader on socket {} stopped", fd, e);
            }
        }
    }

    /** Answers the {@code received} queries of {@code b} in place; returns how many replies are ready to send. */
    private int answer(Batch b, int received) {
        int ready = 0;
        for (int i = 0; i < received; i++) {
            try {
                int length = b.query(i);
                if (length < 0) {
                    continue;
                }
                InetAddress client = b.client(i);
                int n = handler.answerAtOnce(b.query, length, client, b.reply);
                if (n == DnsHandler.NOT_ANSWERED) {
                    handOver(Arrays.copyOf(b.query, length), b.sender(i));
                } else if (n >= 0 && replies.asIs(n)) {
                    b.ready(ready++, i, b.reply, n);
                } else if (n >= 0) {
                    byte[] sized = replies.outgoing(Arrays.copyOf(b.reply, n), client);
                    if (sized != null) {
                        b.ready(ready++, i, sized, sized.length);
                    }
                }
            } catch (UnknownHostException | RuntimeException e) {
                LOG.debug("UDP packet dropped: {}", e.toString());
            }
        }
        return ready;
    }

    /** Answers {@code query} on a full-path worker; dropped, as a UDP query may be, when they are all busy and their queue full. */
    private void handOver(byte[] query, InetSocketAddress from) {
        try {
            fullPath.execute(() -> {
                try {
                    List<byte[]> answers = handler.handle(query, query.length, from.getAddress(), false);
                    byte[] reply = answers.isEmpty() ? null : replies.outgoing(answers.get(0), from.getAddress());
                    if (reply != null) {
                        sendOne(reply, from);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("UDP packet dropped: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("UDP query from {} dropped: every full-path worker is busy", from);
        }
    }

    private void sendOne(byte[] reply, InetSocketAddress to) throws IOException {
        try (Memory m = new Memory(reply.length + (long) LinuxUdp.SOCKADDR_SIZE)) {
            m.write(0, reply, 0, reply.length);
            Pointer address = m.share(reply.length);
            int length = LinuxUdp.SocketAddresses.encode(to, address, 0);
            LinuxUdp.sendto(fd, m, reply.length, 0, address, length);
        } catch (LastErrorException e) {
            throw new IOException("sendto " + to + ": " + e.getMessage(), e);
        }
    }

    /** Wakes the readers, waits briefly for them to leave, and closes the socket. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LinuxUdp.wakeReaders(fd);
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LinuxUdp.closeQuietly(fd);
    }

    /**
     * One reader's native memory: the receive vector (each entry's address, buffer and length), the send
     * vector (pointing at the same addresses and buffers, replies written over their queries), and the Java
     * arrays the handler reads and writes.
     */
    private final class Batch implements AutoCloseable {

        private final Memory memory;
        private final long base;
        private final ByteBuffer view;
        private final Pointer receiveVector;
        private final Pointer sendVector;
        private final long inVector;
        private final long inIovecs;
        private final long outVector;
        private final long outIovecs;
        private final long names;
        private final long buffers;
        final byte[] query = new byte[MAX_QUERY];
        final byte[] reply = new byte[65_535]; // as the handler expects (a reply longer than the UDP limit is cut before it is sent)
        private final byte[] rawAddress = new byte[16];
        private InetAddress lastClient;
        private final byte[] lastRaw = new byte[16];
        private int lastRawLength;

        Batch() {
            long size = 2L * BATCH * (MMSGHDR + IOVEC) + (long) BATCH * LinuxUdp.SOCKADDR_SIZE + (long) BATCH * MAX_QUERY;
            memory = new Memory(size);
            memory.clear();
            base = Pointer.nativeValue(memory);
            view = memory.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
            inVector = 0;
            inIovecs = inVector + (long) BATCH * MMSGHDR;
            outVector = inIovecs + (long) BATCH * IOVEC;
            outIovecs = outVector + (long) BATCH * MMSGHDR;
            names = outIovecs + (long) BATCH * IOVEC;
            buffers = names + (long) BATCH * LinuxUdp.SOCKADDR_SIZE;
            receiveVector = memory.share(inVector);
            sendVector = memory.share(outVector);
            for (int i = 0; i < BATCH; i++) {
                int in = (int) (inVector + (long) i * MMSGHDR);
                view.putLong(in + MSG_NAME, base + names + (long) i * LinuxUdp.SOCKADDR_SIZE);
                view.putLong(in + MSG_IOV, base + inIovecs + (long) i * IOVEC);
                view.putLong(in + MSG_IOVLEN, 1);
                view.putLong((int) (inIovecs + (long) i * IOVEC), base + buffers + (long) i * MAX_QUERY);
                int out = (int) (outVector + (long) i * MMSGHDR);
                view.putLong(out + MSG_IOV, base + outIovecs + (long) i * IOVEC);
                view.putLong(out + MSG_IOVLEN, 1);
            }
        }

        /** Blocks for the first datagram, takes the others queued; the count (0 when woken to close or on a passing error). */
        int receive() {
            for (int i = 0; i < BATCH; i++) {
                int in = (int) (inVector + (long) i * MMSGHDR);
                view.putInt(in + MSG_NAMELEN, LinuxUdp.SOCKADDR_SIZE);
                view.putLong((int) (inIovecs + (long) i * IOVEC) + 8, MAX_QUERY);
            }
            try {
                return Math.max(0, LinuxUdp.recvmmsg(fd, receiveVector, BATCH, LinuxUdp.MSG_WAITFORONE, null));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LinuxUdp.EAGAIN && e.getErrorCode() != LinuxUdp.EINTR && !closed) {
                    LOG.debug("recvmmsg on UDP socket {}: {}", fd, e.getMessage());
                }
                return 0;
            }
        }

        /** Copies datagram {@code i} into {@link #query}; its length, or -1 when it was cut (longer than {@link #MAX_QUERY}). */
        int query(int i) {
            int in = (int) (inVector + (long) i * MMSGHDR);
            if ((view.getInt(in + MSG_FLAGS) & MSG_TRUNC) != 0) {
                LOG.debug("UDP datagram longer than {} bytes dropped", MAX_QUERY);
                return -1;
            }
            int length = view.getInt(in + MSG_LEN);
            view.get((int) (buffers + (long) i * MAX_QUERY), query, 0, length);
            return length;
        }

        /** The sender of datagram {@code i}: the last one's object again while the address is the same (the port aside). */
        InetAddress client(int i) throws UnknownHostException {
            int name = (int) (names + (long) i * LinuxUdp.SOCKADDR_SIZE);
            int length = view.getShort(name) == LinuxUdp.AF_INET ? 4 : 16;
            view.get(name + (length == 4 ? 4 : 8), rawAddress, 0, length);
            if (lastClient == null || length != lastRawLength || !Arrays.equals(rawAddress, 0, length, lastRaw, 0, length)) {
                lastClient = InetAddress.getByAddress(Arrays.copyOf(rawAddress, length));
                System.arraycopy(rawAddress, 0, lastRaw, 0, length);
                lastRawLength = length;
            }
            return lastClient;
        }

        InetSocketAddress sender(int i) throws UnknownHostException {
            return LinuxUdp.SocketAddresses.decode(memory, names + (long) i * LinuxUdp.SOCKADDR_SIZE);
        }

        /** Makes send entry {@code slot} the reply {@code bytes[0, length)} to the sender of datagram {@code i}, written over its query. */
        void ready(int slot, int i, byte[] bytes, int length) {
            long buffer = buffers + (long) i * MAX_QUERY;
            view.put((int) buffer, bytes, 0, length);
            int out = (int) (outVector + (long) slot * MMSGHDR);
            int in = (int) (inVector + (long) i * MMSGHDR);
            view.putLong(out + MSG_NAME, base + names + (long) i * LinuxUdp.SOCKADDR_SIZE);
            view.putInt(out + MSG_NAMELEN, view.getInt(in + MSG_NAMELEN));
            int iovec = (int) (outIovecs + (long) slot * IOVEC);
            view.putLong(iovec, base + buffer);
            view.putLong(iovec + 8, length);
        }

        /** Sends send entries {@code [0, count)}; one the kernel refuses is dropped and the rest still go. */
        void send(int count) {
            int sent = 0;
            while (sent < count) {
                try {
                    Pointer from = sent == 0 ? sendVector : memory.share(outVector + (long) sent * MMSGHDR);
                    int n = LinuxUdp.sendmmsg(fd, from, count - sent, 0);
                    sent += Math.max(1, n);
                } catch (LastErrorException e) {
                    if (closed) {
                        return;
                    }
                    LOG.debug("UDP reply dropped: sendmmsg: {}", e.getMessage());
                    sent++;
                }
            }
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
