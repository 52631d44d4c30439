package dev.wayfinder.server.transport;

import java.net.InetAddress;
import java.util.List;

/**
 * The one seam between the listeners and the query pipeline: a DNS message in, the reply messages
 * out. The UDP and TCP listeners know nothing else about answering, so a faster answer path (for
 * example precompiled wire answers) can replace {@link QueryProcessor} without touching them.
 *
 * <p>Implementations never throw on bad input and are called from several threads at once. Over
 * UDP the listener still guards the size ({@code --max-udp-size}) and applies response rate limiting.
 */
@FunctionalInterface
public interface DnsHandler {

    /**
     * The replies to {@code length} bytes of {@code message} from {@code client}: usually one, several
     * for a zone transfer over TCP, none when nothing should be sent (a response, or a UDP packet too
     * short to carry a header).
     */
    List<byte[]> handle(byte[] message, int length, InetAddress client, boolean tcp);

    /**
     * The reply to {@code length} bytes of a UDP {@code message} written into {@code out} (65,535 bytes):
     * its length, or -1 when nothing should be sent. The UDP listeners' form, which an implementation may
     * serve without allocating; by default the first of {@link #handle}'s replies, copied.
     */
    default int handleInto(byte[] message, int length, InetAddress client, byte[] out) {
        List<byte[]> replies = handle(message, length, client, false);
        if (replies.isEmpty()) {
            return -1;
        }
        byte[] reply = replies.get(0);
        System.arraycopy(reply, 0, out, 0, Math.min(reply.length, out.length));
        return Math.min(reply.length, out.length);
    }
}
