package dev.wayfinder.demo.timeline;

import dev.wayfinder.model.IpLiteral;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A small UDP DNS client for one server, as {@code dig @HOST -p PORT NAME A} would ask: one
 * socket, reused for every query, so thousands of queries (the weighted test, the timelines)
 * cost no socket set-up each. Not thread-safe: one per polling thread.
 */
public final class Dig implements AutoCloseable {

    private final InetSocketAddress server;
    private final DatagramSocket socket;
    private final byte[] buffer = new byte[4096];
    private int nextId = (int) (System.nanoTime() & 0xffff);

    public Dig(InetSocketAddress server, Duration timeout) {
        this.server = server;
        try {
            this.socket = new DatagramSocket();
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a UDP socket to query " + server, e);
        }
    }

    public InetSocketAddress server() {
        return server;
    }

    /** The A answer for {@code name}. */
    public Answer a(String name) {
        return a(name, Optional.empty());
    }

    /** The A answer for {@code name}, asked on behalf of {@code clientSubnet} (EDNS Client Subnet, a /24). */
    public Answer a(String name, Optional<InetAddress> clientSubnet) {
        return ask(name, Type.A, clientSubnet).map(Dig::answer).orElse(Answer.NO_REPLY);
    }

    /** The AAAA answer for {@code name} (addresses in their compressed form). */
    public Answer aaaa(String name) {
        return ask(name, Type.AAAA, Optional.empty()).map(Dig::answer).orElse(Answer.NO_REPLY);
    }

    /** The addresses of the A or AAAA answer for {@code name} in the order the server gave them; empty without a reply. */
    public Optional<List<String>> inOrder(String name, int type) {
        return ask(name, type, Optional.empty()).map(Dig::addresses);
    }

    /** The server's reply to one question, or empty when none came within the timeout. */
    private Optional<Message> ask(String name, int type, Optional<InetAddress> clientSubnet) {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name", e);
        }
        int id = nextId++ & 0xffff;
        query.getHeader().setID(id);
        clientSubnet.ifPresent(ip -> query.addRecord(new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(24, ip))), Section.ADDITIONAL));
        try {
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, server));
            while (true) {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                socket.receive(reply);
                Message response = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
                if (response.getHeader().getID() == id) {
                    return Optional.of(response);
                }
                // A late reply to an earlier query that timed out: skip it.
            }
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ICMP port unreachable (server down) and the like.
            return Optional.empty();
        }
    }

    private static Answer answer(Message response) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return Answer.NXDOMAIN;
        }
        if (rcode != Rcode.NOERROR) {
            return Answer.rcode(Rcode.string(rcode));
        }
        return Answer.of(addresses(response));
    }

    private static List<String> addresses(Message response) {
        List<String> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            } else if (r instanceof AAAARecord a) {
                out.add(IpLiteral.canonical(a.getAddress()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
