package dev.wayfinder.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both UDP listeners, the batched Linux one and the JDK's, under the same questions: prepared replies
 * (one at a time and a burst that arrives as one batch), queries handed to the full-path workers,
 * replies longer than the UDP limit, garbage, IPv6 clients, and a close that frees the port.
 * The handler is a narrow stand-in: it echoes the query as a response, so what is checked is the transport.
 */
class UdpIoTest {

    /** Answers "fast" names at once and hands "slow" ones to the full path; "big" ones answer 3,000 bytes; records each client. */
    private static final class EchoHandler implements DnsHandler {
        final ConcurrentLinkedQueue<InetAddress> clients = new ConcurrentLinkedQueue<>();

        @Override
        public int answerAtOnce(byte[] message, int length, InetAddress client, byte[] out) {
            if (length < 12) {
                return -1; // no header: nothing to send
            }
            clients.add(client);
            String name = firstLabel(message, length);
            if (name.equals("slow")) {
                return NOT_ANSWERED;
            }
            byte[] reply = reply(message, length, name.equals("big") ? 3_000 : length);
            System.arraycopy(reply, 0, out, 0, reply.length);
            return reply.length;
        }

        @Override
        public List<byte[]> handle(byte[] message, int length, InetAddress client, boolean tcp) {
            if (length < 12) {
                return List.of();
            }
            byte[] reply = reply(message, length, length + 1);
            reply[reply.length - 1] = 'F'; // marks the full path's answer
            return List.of(reply);
        }

        private static byte[] reply(byte[] message, int length, int size) {
            byte[] reply = Arrays.copyOf(Arrays.copyOf(message, length), size);
            reply[2] |= (byte) 0x80;
            return reply;
        }
    }

    private static final DnsServer.Settings SMALL = new DnsServer.Settings(2, 1, 4, 2_000);

    @ParameterizedTest
    @EnumSource(value = DnsServer.UdpIo.class, names = {"BATCHED", "JDK"})
    void preparedRepliesOneAtATimeAndInABurst(DnsServer.UdpIo io) throws Exception {
        assumeRunnable(io);
        EchoHandler handler = new EchoHandler();
        try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), handler, SMALL.withUdpIo(io));
             DatagramSocket client = client()) {
            byte[] reply = ask(client, server.address(), query(7, "fast"));
            assertThat(id(reply)).isEqualTo(7);
            assertThat(reply[2] & 0x80).as("QR").isNotZero();

            for (int i = 0; i < 200; i++) { // sent before any is read: they queue and are taken many per call
                client.send(packet(query(1_000 + i, "fast"), server.address()));
            }
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                ids.add(id(receive(client)));
            }
            assertThat(ids).hasSize(200).allMatch(id -> id >= 1_000 && id < 1_200);
            assertThat(handler.clients).allMatch(InetAddress::isLoopbackAddress);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DnsServer.UdpIo.class, names = {"BATCHED", "JDK"})
    void fullPathLongRepliesAndGarbage(DnsServer.UdpIo io) throws Exception {
        assumeRunnable(io);
        try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), new EchoHandler(), SMALL.withUdpIo(io));
             DatagramSocket client = client()) {
            client.send(packet(new byte[] {1, 2, 3}, server.address()));
            byte[] slow = ask(client, server.address(), query(11, "slow"));
            assertThat(id(slow)).isEqualTo(11);
            assertThat(slow[slow.length - 1]).as("answered by the full path").isEqualTo((byte) 'F');

            byte[] big = ask(client, server.address(), query(12, "big"));
            assertThat(id(big)).isEqualTo(12);
            assertThat(big[2] & 0x02).as("TC").isNotZero();
            assertThat(big).hasSize(query(12, "big").length); // cut to the question
        }
    }

    @ParameterizedTest
    @EnumSource(value = DnsServer.UdpIo.class, names = {"BATCHED", "JDK"})
    void ipv6ClientsAreAnsweredAndSeenAsThemselves(DnsServer.UdpIo io) throws Exception {
        assumeRunnable(io);
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(hasIpv6Loopback(v6), "no IPv6 loopback here");
        EchoHandler handler = new EchoHandler();
        try (DnsServer server = DnsServer.start(new InetSocketAddress(v6, 0), handler, SMALL.withUdpIo(io));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            client.setSoTimeout(5_000);
            assertThat(id(ask(client, server.address(), query(21, "fast")))).isEqualTo(21);
            assertThat(handler.clients).containsOnly(v6);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DnsServer.UdpIo.class, names = {"BATCHED", "JDK"})
    void closeFreesThePortAtOnce(DnsServer.UdpIo io) throws Exception {
        assumeRunnable(io);
        InetSocketAddress at;
        try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), new EchoHandler(), SMALL.withUdpIo(io))) {
            at = server.address();
        }
        List<DnsServer> again = new ArrayList<>();
        try {
            again.add(DnsServer.start(at, new EchoHandler(), SMALL.withUdpIo(io)));
            try (DatagramSocket client = client()) {
                assertThat(id(ask(client, at, query(31, "fast")))).isEqualTo(31);
            }
        } finally {
            again.forEach(DnsServer::close);
        }
    }

    private static void assumeRunnable(DnsServer.UdpIo io) {
        assumeTrue(io != DnsServer.UdpIo.BATCHED || LinuxUdp.unavailable().isEmpty(),
                () -> "the batched listener cannot run here: " + LinuxUdp.unavailable().orElse(""));
    }

    private static boolean hasIpv6Loopback(InetAddress v6) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static DatagramSocket client() throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] ask(DatagramSocket client, InetSocketAddress server, byte[] query) throws IOException {
        client.send(packet(query, server));
        return receive(client);
    }

    private static byte[] receive(DatagramSocket client) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
        try {
            client.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply within 5 s", e);
        }
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    private static DatagramPacket packet(byte[] bytes, InetSocketAddress to) {
        return new DatagramPacket(bytes, bytes.length, to);
    }

    /** A query for {@code label}.test A, header and question only. */
    static byte[] query(int id, String label) {
        byte[] name = (label.length() + label + "\u0004test\u0000").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        name[0] = (byte) label.length();
        byte[] q = new byte[12 + name.length + 4];
        q[0] = (byte) (id >> 8);
        q[1] = (byte) id;
        q[2] = 0x01; // RD
        q[5] = 1; // one question
        System.arraycopy(name, 0, q, 12, name.length);
        q[q.length - 3] = 1; // type A
        q[q.length - 1] = 1; // class IN
        return q;
    }

    private static int id(byte[] m) {
        return ((m[0] & 0xff) << 8) | (m[1] & 0xff);
    }

    private static String firstLabel(byte[] m, int length) {
        int len = length > 12 ? m[12] & 0xff : 0;
        return len == 0 || 13 + len > length ? "" : new String(m, 13, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
