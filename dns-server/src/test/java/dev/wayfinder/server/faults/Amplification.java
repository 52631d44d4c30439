package dev.wayfinder.server.faults;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The amplification row: the largest answers a zone gives, asked over UDP with the largest EDNS
 * buffer a client can claim (65,535); bytes out over bytes in is the amplification an attacker
 * spoofing a victim's address would get. Plain Java.
 */
public final class Amplification {

    /** One question's figures; {@code replyBytes} 0 when no reply came. */
    public record Row(String question, int queryBytes, int replyBytes, boolean truncated) {
        public double factor() {
            return (double) replyBytes / queryBytes;
        }
    }

    private Amplification() {
    }

    /** {@code *.zone} SRV, A, TXT and ANY, and {@code zone} ANY, with EDNS 65,535. */
    public static List<Row> worstQuestions(InetSocketAddress server, String zone) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int type : new int[] {Type.SRV, Type.A, Type.TXT, Type.ANY}) {
            rows.add(ask(server, "*." + zone, type));
        }
        rows.add(ask(server, zone, Type.ANY));
        return rows;
    }

    public static Row ask(InetSocketAddress server, String name, int type) throws IOException {
        Message q = Message.newQuery(Record.newRecord(DnsAsk.fqdn(name), type, DClass.IN));
        q.addRecord(new OPTRecord(65535, 0, 0), Section.ADDITIONAL);
        byte[] wire = q.toWire();
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout((int) Duration.ofSeconds(3).toMillis());
            udp.setReceiveBufferSize(1 << 20);
            udp.send(new DatagramPacket(wire, wire.length, server));
            DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
            Optional<byte[]> reply;
            try {
                udp.receive(in);
                reply = Optional.of(Arrays.copyOf(in.getData(), in.getLength()));
            } catch (SocketTimeoutException e) {
                reply = Optional.empty();
            }
            boolean tc = reply.map(r -> r.length > 2 && (r[2] & 0x02) != 0).orElse(false);
            return new Row(name + " " + Type.string(type), wire.length, reply.map(r -> r.length).orElse(0), tc);
        }
    }
}
