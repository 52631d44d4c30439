package dev.wayfinder.server.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.snapshot.SnapshotStore;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.CompactOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feed loses etcd (a cut TCP path), the changes it missed are compacted away, and once the
 * path is back it must not resume from history that no longer exists: it re-lists and serves the
 * latest data.
 */
class CompactionTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    @Test
    void afterMissingCompactedHistoryTheFeedRelistsAndServesTheLatestData() throws Exception {
        KV kv = ETCD.client().getKVClient();
        kv.put(bytes("/skydns/test/old"), bytes("{\"host\":\"10.0.0.1\"}")).get();
        URI etcd = URI.create(ETCD.endpoints().get(0));
        try (CuttableProxy proxy = new CuttableProxy(new InetSocketAddress(etcd.getHost(), etcd.getPort()));
             Client client = EtcdConnection.of(List.of("http://127.0.0.1:" + proxy.port())).connect()) {
            SnapshotStore store = new SnapshotStore(Clock.systemUTC());
            try (EtcdSnapshotFeed feed = new EtcdSnapshotFeed(client, "/skydns/", store, Duration.ofMillis(300))) {
                feed.start(Duration.ofMillis(100));
                await().atMost(Duration.ofSeconds(10)).until(() -> store.current().exact("/skydns/test/old") != null);
                long seen = store.current().revision();

                proxy.cut();
                kv.delete(bytes("/skydns/test/old")).get();
                kv.put(bytes("/skydns/test/new"), bytes("{\"host\":\"10.0.0.2\"}")).get();
                long head = kv.put(bytes("/skydns/test/newer"), bytes("{\"host\":\"10.0.0.3\"}")).get().getHeader().getRevision();
                kv.compact(head, CompactOption.builder().withCompactPhysical(true).build()).get();
                proxy.restore();

                await("the feed serving the data written while it was cut off").atMost(Duration.ofSeconds(15))
                        .until(() -> store.current().exact("/skydns/test/new") != null && store.current().exact("/skydns/test/old") == null
                                && store.current().exact("/skydns/test/newer") != null);
                assertThat(store.current().revision()).isGreaterThanOrEqualTo(head).isGreaterThan(seen);
                // The feed marks itself in sync once the new watch is up, just after publishing the re-listed snapshot.
                await("the feed back in sync").atMost(Duration.ofSeconds(10)).until(store::isInSync);
            }
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** A TCP forwarder whose connections can be cut (and new ones refused) and later allowed again. */
    static final class CuttableProxy implements AutoCloseable {
        private final ServerSocket server;
        private final InetSocketAddress target;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile boolean cut;

        CuttableProxy(InetSocketAddress target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "proxy-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void cut() {
            cut = true;
            open.forEach(CuttableProxy::close);
            open.clear();
        }

        void restore() {
            cut = false;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (cut) {
                        close(client);
                        continue;
                    }
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    open.add(client);
                    open.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // accept failed (closing) or etcd refused: the client sees a dropped connection
                }
            }
        }

        private void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    // either side closed
                } finally {
                    close(from);
                    close(to);
                }
            }, "proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        private static void close(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            cut();
            server.close();
        }
    }
}
