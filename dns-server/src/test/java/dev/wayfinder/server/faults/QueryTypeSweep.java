package dev.wayfinder.server.faults;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * The query-type row: one UDP query for each of the 65,536 query types (issue 14: each raw type
 * became a metric series). Sent in windows of {@link #WINDOW} so the socket buffers do not overflow;
 * returns how many replies came back. Plain Java.
 */
public final class QueryTypeSweep {

    private static final int WINDOW = 256;

    private QueryTypeSweep() {
    }

    public static int allTypes(InetSocketAddress server, String name) throws IOException, InterruptedException {
        AtomicInteger replies = new AtomicInteger();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            socket.setReceiveBufferSize(1 << 20);
            Thread reader = new Thread(() -> {
                DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
                while (!socket.isClosed()) {
                    try {
                        socket.receive(in);
                        replies.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // keep waiting until the socket closes
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "qtype-sweep-reader");
            reader.setDaemon(true);
            reader.start();
            for (int type = 0; type <= 0xffff; type++) {
                byte[] wire = query(name, type, type);
                socket.send(new DatagramPacket(wire, wire.length, server));
                if (type % WINDOW == WINDOW - 1) {
                    awaitReplies(replies, type + 1 - WINDOW / 2);
                }
            }
            awaitReplies(replies, 0x10000 - WINDOW);
        }
        return replies.get();
    }

    /** Waits (at most a second) until at least {@code n} replies have come, so at most a window is in flight. */
    private static void awaitReplies(AtomicInteger replies, int n) throws InterruptedException {
        long until = System.nanoTime() + 1_000_000_000L;
        while (replies.get() < n && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }

    /** A query with any type number, built on the wire (dnsjava refuses some meta types in a question record). */
    static byte[] query(String name, int type, int id) {
        Message m = Message.newQuery(Record.newRecord(DnsAsk.fqdn(name), 1, DClass.IN));
        m.getHeader().setID(id & 0xffff);
        byte[] wire = m.toWire();
        int typeAt = wire.length - 4;
        wire[typeAt] = (byte) (type >>> 8);
        wire[typeAt + 1] = (byte) type;
        return wire;
    }
}
