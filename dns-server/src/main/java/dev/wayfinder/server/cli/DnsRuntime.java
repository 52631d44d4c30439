package dev.wayfinder.server.cli;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.ops.DnsMetrics;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import dev.wayfinder.server.transport.QueryProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

/**
 * The DNS server assembled: answerer + listeners + metrics over a {@link SnapshotStore}. What
 * feeds the store is the caller's choice — {@code wayfinder dns} attaches an
 * {@code EtcdSnapshotFeed}; the controller's embedded {@code --serve-dns} calls
 * {@link SnapshotStore#replaceAll} with its memory provider's records after every change:
 *
 * <pre>{@code
 * SnapshotStore store = new SnapshotStore(Clock.systemUTC());
 * DnsRuntime dns = DnsRuntime.start(new DnsRuntime.Config(listen, zones, SkyDnsKeys.defaults(),
 *         Upstream.NONE, AddressPolicy.NONE, DnsServer.Settings.defaults()), store, registry, Clock.systemUTC());
 * store.replaceAll(revision, records.stream().flatMap(e -> mapping.toEntries(e).stream()).toList());
 * }</pre>
 */
public final class DnsRuntime implements AutoCloseable {

    /** What the server answers for and how. */
    public record Config(InetSocketAddress listen, List<String> zones, SkyDnsKeys keys, Upstream upstream,
                         AddressPolicy policy, DnsServer.Settings settings) {
    }

    private final DnsServer server;
    private final SnapshotStore store;

    private DnsRuntime(DnsServer server, SnapshotStore store) {
        this.server = server;
        this.store = store;
    }

    public static DnsRuntime start(Config config, SnapshotStore store, MeterRegistry registry, Clock clock) throws IOException {
        Answerer answerer = new Answerer(config.zones(), config.keys(), config.upstream(), config.policy(), clock);
        QueryProcessor processor = new QueryProcessor(answerer, store, new DnsMetrics(registry, store));
        return new DnsRuntime(DnsServer.start(config.listen(), processor, config.settings()), store);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public SnapshotStore store() {
        return store;
    }

    @Override
    public void close() {
        server.close();
    }
}
