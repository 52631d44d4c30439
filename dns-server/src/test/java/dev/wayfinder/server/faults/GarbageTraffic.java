package dev.wayfinder.server.faults;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The garbage row: random and mutated UDP packets, and malformed frames on TCP connections that must
 * stay usable. Seeded, so a failure repeats. Plain Java.
 */
public final class GarbageTraffic {

    private GarbageTraffic() {
    }

    /** A packet of garbage: random bytes (0-600), or a valid query with a few bytes changed. */
    static byte[] packet(Random random, byte[] valid) {
        if (random.nextBoolean()) {
            byte[] b = new byte[random.nextInt(601)];
            random.nextBytes(b);
            return b;
        }
        byte[] b = java.util.Arrays.copyOf(valid, Math.max(1, valid.length + random.nextInt(9) - 4));
        for (int m = random.nextInt(4); m >= 0; m--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** Sends {@code count} garbage packets over UDP (without waiting for replies); returns the bytes sent. */
    public static long udp(InetSocketAddress server, int count, long seed, String validName) throws IOException {
        Random random = new Random(seed);
        byte[] valid = TcpDns.query(validName, Type.A, 1);
        long bytes = 0;
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                byte[] p = packet(random, valid);
                socket.send(new DatagramPacket(p, p.length, server));
                bytes += p.length;
            }
        }
        return bytes;
    }

    /**
     * On each of {@code connections} TCP connections, {@code framesEach} garbage frames then a valid
     * query; returns how many connections answered the valid query with NOERROR (all, when the
     * server answers garbage and goes on).
     */
    public static int tcp(InetSocketAddress server, int connections, int framesEach, long seed, String validName) throws IOException {
        Random random = new Random(seed);
        byte[] valid = TcpDns.query(validName, Type.A, 1);
        int answered = 0;
        for (int c = 0; c < connections; c++) {
            try (TcpDns conn = TcpDns.connect(server, Duration.ofSeconds(5))) {
                for (int f = 0; f < framesEach; f++) {
                    byte[] p = packet(random, valid);
                    if (p.length > 2) {
                        p[2] &= 0x7f; // a query, not a response: each one is answered
                    }
                    conn.send(p);
                }
                conn.send(TcpDns.query(validName, Type.A, 0x4242));
                for (int replies = 0; replies <= framesEach; replies++) {
                    Message m = conn.read();
                    if (m.getHeader().getID() == 0x4242 && m.getRcode() == Rcode.NOERROR && !m.getSection(1).isEmpty()) {
                        answered++;
                        break;
                    }
                }
            } catch (IOException e) {
                // this connection failed: not counted as answered
            }
        }
        return answered;
    }
}
