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

    /** What {@link #answerAtOnce} returns when it did not answer: the query needs {@link #handle}. */
    int NOT_ANSWERED = -2;

    /**
     * The reply to {@code length} bytes of a UDP {@code message} from {@code client}, written into {@code out} (65,535 bytes), when it
     * can be made at once, without blocking or allocating: its length, -1 when nothing should be sent, or
     * {@link #NOT_ANSWERED} when the query needs {@link #handle}, which the UDP listeners then call on a worker
     * thread. By default nothing is answered at once.
     */
    default int answerAtOnce(byte[] message, int length, InetAddress client, byte[] out) {
        return NOT_ANSWERED;
    }
}
