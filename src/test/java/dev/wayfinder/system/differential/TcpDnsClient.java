package dev.wayfinder.system.differential;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One DNS-over-TCP connection to one server, reused question after question (RFC 7766), so that
 * thousands of questions cost no connection set-up. TCP, because the differential compares what the
 * answer logic produces: a UDP reply would also be cut to the client's buffer size, the transport's
 * business and tested there.
 *
 * <p>A server may handle a question and send nothing (CoreDNS 1.10.1 does when its reply cannot be
 * packed). Rather than waiting out a long timeout, the caller may say how to learn that the server
 * is done with the question (CoreDNS's query log); the wait then ends shortly after.
 */
final class TcpDnsClient implements AutoCloseable {

    /** How long to wait for a reply the server has not yet said it finished with. */
    private static final int LIMIT_MILLIS = 10_000;
    private static final int SLICE_MILLIS = 20;
    /** Once the server says it is done, how long its reply may still take to arrive on loopback. */
    private static final int GRACE_MILLIS = 150;

    private final InetSocketAddress server;
    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    /** A reply, or none, and then what the server said it answered (its log), if anything. */
    record Exchange(Optional<byte[]> reply, Optional<String> handled) {
    }

    TcpDnsClient(InetSocketAddress server) {
        this.server = server;
    }

    /** The local port of the current connection (the one a server's log names), connecting first if need be. */
    int localPort() {
        connect();
        return socket.getLocalPort();
    }

    /**
     * Sends {@code query} and waits for its reply; {@code handled} tells (by the rcode the server logged)
     * whether the server has finished with the question.
     */
    Exchange exchange(byte[] query, Supplier<Optional<String>> handled) {
        try {
            connect();
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            long deadline = System.nanoTime() + LIMIT_MILLIS * 1_000_000L;
            Optional<String> done = Optional.empty();
            long graceEnd = Long.MAX_VALUE;
            while (true) {
                socket.setSoTimeout(SLICE_MILLIS);
                try {
                    int length = in.readUnsignedShort();
                    socket.setSoTimeout(LIMIT_MILLIS);
                    byte[] reply = new byte[length];
                    in.readFully(reply);
                    return new Exchange(Optional.of(reply), done);
                } catch (SocketTimeoutException e) {
                    long now = System.nanoTime();
                    if (done.isEmpty()) {
                        done = handled.get();
                        if (done.isPresent()) {
                            graceEnd = now + GRACE_MILLIS * 1_000_000L;
                        }
                    }
                    if (now > graceEnd || now > deadline) {
                        close(); // a reply arriving late must not be read as the next question's
                        return new Exchange(Optional.empty(), done);
                    }
                }
            }
        } catch (IOException e) {
            close();
            return new Exchange(Optional.empty(), Optional.empty());
        }
    }

    private void connect() {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(server, LIMIT_MILLIS);
            in = new DataInputStream(s.getInputStream());
            out = new DataOutputStream(s.getOutputStream());
            socket = s;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to release
            }
            socket = null;
        }
    }
}
