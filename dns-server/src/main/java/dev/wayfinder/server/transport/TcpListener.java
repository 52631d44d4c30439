package dev.wayfinder.server.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 7766): length-prefixed messages, several per connection, an idle timeout, and
 * at most {@code tcpConnections} connections at once (more are closed at accept, not queued).
 */
final class TcpListener {

    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final ServerSocket server;
    private final ThreadPoolExecutor pool;

    private TcpListener(ServerSocket server, ThreadPoolExecutor pool) {
        this.server = server;
        this.pool = pool;
    }

    static TcpListener start(InetSocketAddress at, QueryProcessor processor, DnsServer.Settings settings) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(at, 256);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, settings.tcpConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "dns-tcp-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        TcpListener l = new TcpListener(server, pool);
        Thread acceptor = new Thread(() -> l.accept(processor, settings.tcpIdleMillis()), "dns-tcp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return l;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept(QueryProcessor processor, int idleMillis) {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("TCP accept failed: {}", e.toString());
                }
                continue;
            }
            try {
                pool.execute(() -> serve(s, processor, idleMillis));
            } catch (RejectedExecutionException e) {
                LOG.debug("Too many TCP connections; closing one from {}", s.getRemoteSocketAddress());
                closeQuietly(s);
            }
        }
    }

    private static void serve(Socket s, QueryProcessor processor, int idleMillis) {
        try (s) {
            s.setSoTimeout(idleMillis);
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[65535];
            while (true) {
                int len = in.readUnsignedShort();
                in.readFully(buf, 0, len);
                java.util.List<byte[]> replies = processor.processAll(buf, len, s.getInetAddress(), true);
                if (replies.isEmpty()) {
                    return; // nothing sensible to say: drop the connection rather than desynchronise it
                }
                for (byte[] reply : replies) { // a zone transfer sends several messages
                    byte[] framed = new byte[reply.length + 2];
                    framed[0] = (byte) (reply.length >>> 8);
                    framed[1] = (byte) reply.length;
                    System.arraycopy(reply, 0, framed, 2, reply.length);
                    out.write(framed);
                }
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // client closed or reset: normal end of a connection
        } catch (IOException | RuntimeException e) {
            LOG.debug("TCP connection from {} ended: {}", s.getRemoteSocketAddress(), e.toString());
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }

    void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing TCP listener: {}", e.toString());
        }
        pool.shutdownNow();
    }
}
