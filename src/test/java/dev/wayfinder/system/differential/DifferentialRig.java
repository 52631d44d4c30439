package dev.wayfinder.system.differential;

import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.coredns.CoreDnsProcess;
import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.cli.InProcessDns;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import dev.wayfinder.server.transport.ResolverUpstream;
import dev.wayfinder.system.support.StockCoreDns;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Message;

/**
 * The parts of the differential run, started once for all trees: one real etcd, stock CoreDNS with
 * its etcd plugin over it, and {@code wayfinder dns} (the real command, in this JVM) over the same
 * etcd. Each tree replaces everything under {@code /skydns/}; questions are asked only once
 * {@code wayfinder dns}'s snapshot has reached the etcd revision of the last write (CoreDNS reads etcd
 * on every query, so it is current at once).
 *
 * <p>Out-of-zone names: CoreDNS resolves them by sending the question through its own server again
 * (a name no server block covers comes back REFUSED, which keeps the CNAME). {@code wayfinder dns} is
 * given itself as {@code --upstream}, which is the same arrangement.
 */
final class DifferentialRig implements AutoCloseable {

    private static final int WORKERS = 4;
    private static final int TXN_OPS = 100;
    /** CoreDNS before 1.12.1 follows a CNAME chain while it holds at most 7 records ({@code len(previousRecords) > 7}). */
    static final int COREDNS_1101_CHAIN_LIMIT = 7;
    private static final Pattern REVISION = Pattern.compile("revision (\\d+)");

    private final EtcdProcess etcd;
    private final CoreDnsProcess coredns;
    private final InProcessDns wayfinder;
    private final CoreDnsQueryLog queryLog;
    /** wayfinder dns's answerer with CoreDNS 1.10.1's CNAME chain limit, asked in this JVM (row C1). */
    private final Answerer as1101;
    private volatile ZoneSnapshot snapshot = ZoneSnapshot.empty();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI readyz;
    private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "differential-asker");
        t.setDaemon(true);
        return t;
    });
    private final List<TcpDnsClient[]> clients = new ArrayList<>();

    private DifferentialRig(EtcdProcess etcd, CoreDnsProcess coredns, InProcessDns wayfinder) {
        this.etcd = etcd;
        this.coredns = coredns;
        this.wayfinder = wayfinder;
        this.queryLog = new CoreDnsQueryLog(coredns.corefile().resolveSibling("coredns.log"));
        this.as1101 = new Answerer(Generators.ZONES, SkyDnsKeys.defaults(), new ResolverUpstream(wayfinder.address(), Duration.ofSeconds(2)),
                AddressPolicy.NONE, Clock.systemUTC()).withCnameChainLimit(COREDNS_1101_CHAIN_LIMIT);
        this.readyz = URI.create("http://127.0.0.1:" + wayfinder.opsAddress().getPort() + "/readyz");
        for (int i = 0; i < WORKERS; i++) {
            clients.add(new TcpDnsClient[] {new TcpDnsClient(coredns.address()), new TcpDnsClient(wayfinder.address())});
        }
    }

    static DifferentialRig start() {
        EtcdProcess etcd = EtcdProcess.start();
        CoreDnsProcess coredns = null;
        try {
            coredns = StockCoreDns.start(port -> corefile(port, etcd.clientUrl()));
            int port = Ports.freeUdpAndTcp();
            InProcessDns wayfinder = InProcessDns.start(List.of("--listen", Ports.LOOPBACK + ":" + port,
                    "--zone", String.join(",", Generators.ZONES), "--etcd-urls", etcd.clientUrl(),
                    "--upstream", Ports.LOOPBACK + ":" + port, "--ops-listen", Ports.LOOPBACK + ":0",
                    "--udp-sockets", "1", "--udp-threads-per-socket", "16"), Duration.ofSeconds(20));
            return new DifferentialRig(etcd, coredns, wayfinder);
        } catch (RuntimeException | Error e) {
            if (coredns != null) {
                coredns.close();
            }
            etcd.close();
            throw e;
        }
    }

    /** One server block for the three zones, the etcd plugin reading them (its zones are the block's keys). */
    static String corefile(int port, String etcdUrl) {
        StringBuilder keys = new StringBuilder();
        for (String z : Generators.ZONES) {
            keys.append(z).append(':').append(port).append(' ');
        }
        return keys + "{\n    bind 127.0.0.1\n    errors\n    log . \"" + CoreDnsQueryLog.FORMAT + "\"\n    etcd {\n        path /skydns\n        endpoint " + etcdUrl + "\n    }\n}\n";
    }

    String coreDnsVersion() {
        return StockCoreDns.binary().version();
    }

    /** Replaces the tree in etcd and returns once {@code wayfinder dns} serves it. */
    void load(SkyDnsTree tree) {
        KV kv = etcd.client().getKVClient();
        try {
            long revision = kv.delete(bytes(SkyDnsTree.PREFIX), DeleteOption.builder().isPrefix(true).build())
                    .get(10, TimeUnit.SECONDS).getHeader().getRevision();
            List<Op> ops = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : tree.entries().entrySet()) {
                ops.add(Op.put(bytes(e.getKey()), ByteSequence.from(e.getValue()), PutOption.DEFAULT));
                if (ops.size() == TXN_OPS) {
                    revision = commit(kv, ops);
                    ops.clear();
                }
            }
            if (!ops.isEmpty()) {
                revision = commit(kv, ops);
            }
            awaitWayfinderAt(revision);
            snapshot = ZoneSnapshot.ofValues(revision, tree.entries());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a tree", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write a tree to " + etcd, e);
        }
    }

    private static long commit(KV kv, List<Op> ops) throws InterruptedException, ExecutionException, TimeoutException {
        return kv.txn().Then(ops.toArray(Op[]::new)).commit().get(10, TimeUnit.SECONDS).getHeader().getRevision();
    }

    /** Polls {@code /readyz}, whose detail names the snapshot's revision, until it is at least {@code revision}. */
    private void awaitWayfinderAt(long revision) {
        await("wayfinder dns at etcd revision " + revision).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2)).until(() -> servedRevision() >= revision);
    }

    private long servedRevision() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = REVISION.matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Asks every question about {@code tree} (loaded) of both servers, {@value #WORKERS} at a time, and returns the outcomes in question order. */
    List<Outcome> ask(SkyDnsTree tree, List<Question> questions) {
        List<Future<List<Outcome>>> parts = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            parts.add(pool.submit(() -> {
                List<Outcome> out = new ArrayList<>();
                TcpDnsClient[] pair = clients.get(worker);
                for (int i = worker; i < questions.size(); i += WORKERS) {
                    out.add(ask(tree, questions.get(i), pair[0], pair[1]));
                }
                return out;
            }));
        }
        Outcome[] ordered = new Outcome[questions.size()];
        try {
            for (int w = 0; w < WORKERS; w++) {
                List<Outcome> part = parts.get(w).get(5, TimeUnit.MINUTES);
                for (int j = 0; j < part.size(); j++) {
                    ordered[w + j * WORKERS] = part.get(j);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("asking failed", e);
        }
        return List.of(ordered);
    }

    private Outcome ask(SkyDnsTree tree, Question q, TcpDnsClient coreClient, TcpDnsClient wayfinderClient) {
        Message query = q.message();
        byte[] wire = query.toWire();
        int port = coreClient.localPort();
        TcpDnsClient.Exchange c = coreClient.exchange(wire, () -> queryLog.rcode(port, query.getHeader().getID(), q.dnsName()));
        Reply core = c.reply().map(b -> Reply.of(query, b))
                .orElseGet(() -> c.handled().map(Reply::unsent).orElseGet(() -> Reply.none("no reply")));
        TcpDnsClient.Exchange w = wayfinderClient.exchange(wire, Optional::empty);
        Reply way = w.reply().map(b -> Reply.of(query, b)).orElseGet(() -> Reply.none("no reply"));
        ZoneSnapshot current = snapshot;
        return new Outcome(q, core, way, KnownDifferences.judge(new KnownDifferences.Context(q, query, core, way, tree,
                () -> Reply.of(query, as1101.answer(current, query, InetAddress.getLoopbackAddress()).toWire()))));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        clients.forEach(pair -> {
            pair[0].close();
            pair[1].close();
        });
        wayfinder.close();
        coredns.close();
        etcd.close();
    }

    /** One question, both replies, and what the comparison made of them. */
    record Outcome(Question question, Reply coredns, Reply wayfinder, KnownDifferences.Verdict verdict) {
        @Override
        public String toString() {
            return "  " + question + "  →  " + verdict + "\n   stock CoreDNS:\n" + coredns + "   wayfinder dns:\n" + wayfinder;
        }
    }
}
