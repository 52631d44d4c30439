package dev.wayfinder.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link that can be cut: it relays every connection made to it to {@code upstream}. {@link #cut()}
 * closes every relayed connection and refuses new ones (accepted and closed at once) until
 * {@link #restore()}, as a network partition between a client and its server would; {@link #throttle}
 * makes it a slow one. Plain blocking sockets, two threads per connection: a test's few connections.
 */
public final class TcpLink implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile int cuts;
    private volatile long bytesPerSecond;

    public TcpLink(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "tcp-link-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where clients connect: the link's end. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Closes every connection through the link and refuses new ones. */
    public void cut() {
        cut = true;
        cuts++;
        open.forEach(TcpLink::quietly);
        open.clear();
    }

    /** Lets connections through again. */
    public void restore() {
        cut = false;
    }

    /** Carries at most {@code rate} bytes a second each way from now on (0: as fast as it can). */
    public void throttle(long rate) {
        bytesPerSecond = rate;
    }

    public int cuts() {
        return cuts;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                quietly(client);
                continue;
            }
            try {
                Socket up = new Socket(upstream.getAddress(), upstream.getPort());
                open.add(client);
                open.add(up);
                pump(client, up);
                pump(up, client);
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                    long rate = bytesPerSecond;
                    if (rate > 0) {
                        Thread.sleep(n * 1000L / rate); // this chunk's share of the second
                    }
                }
            } catch (IOException e) {
                // The other side closed, or the link was cut.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                quietly(from);
                quietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing what is already broken.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
