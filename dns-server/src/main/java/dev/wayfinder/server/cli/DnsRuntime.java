package dev.wayfinder.server.cli;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.LeaseTtl;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.answer.ZoneNames;
import dev.wayfinder.server.ops.DnsMetrics;
import dev.wayfinder.server.prepared.PreparedAnswers;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import dev.wayfinder.server.transport.QueryProcessor;
import dev.wayfinder.server.transport.WarmUp;
import dev.wayfinder.server.xfr.Notifier;
import dev.wayfinder.server.xfr.TransferConfig;
import dev.wayfinder.server.xfr.ZoneTransfers;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /**
     * What the server answers for and how; {@code transfers} is AXFR/NOTIFY ({@link TransferConfig#OFF} unless asked
     * for); {@code warmUpQueries} synthetic queries are answered against the first snapshot before {@link #isWarm()};
     * {@code preparedAnswers} false answers every query by the full path ({@code --prepared-answers=false}).
     */
    public record Config(InetSocketAddress listen, List<String> zones, SkyDnsKeys keys, Upstream upstream,
                         AddressPolicy policy, DnsServer.Settings settings, TransferConfig transfers, int warmUpQueries,
                         boolean preparedAnswers) {

        /** Without a warm-up, with prepared answers. */
        public Config(InetSocketAddress listen, List<String> zones, SkyDnsKeys keys, Upstream upstream,
                      AddressPolicy policy, DnsServer.Settings settings, TransferConfig transfers) {
            this(listen, zones, keys, upstream, policy, settings, transfers, 0, true);
        }

        /** Without zone transfers and warm-up (the embedded server's form). */
        public Config(InetSocketAddress listen, List<String> zones, SkyDnsKeys keys, Upstream upstream,
                      AddressPolicy policy, DnsServer.Settings settings) {
            this(listen, zones, keys, upstream, policy, settings, TransferConfig.OFF);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DnsRuntime.class);
    /** How many names of the first snapshot the warm-up asks about, round and round. */
    private static final int WARM_UP_NAMES = 1_000;
    /** The longest the warm-up waits for the first snapshot's answers to be prepared ahead. */
    private static final java.time.Duration PREPARE_WAIT = java.time.Duration.ofSeconds(60);

    private final DnsServer server;
    private final SnapshotStore store;
    private final Notifier notifier;
    private final QueryProcessor processor;
    private final AtomicBoolean warmUpStarted = new AtomicBoolean();
    private volatile boolean warm;

    private DnsRuntime(DnsServer server, SnapshotStore store, Notifier notifier, QueryProcessor processor) {
        this.server = server;
        this.store = store;
        this.notifier = notifier;
        this.processor = processor;
    }

    public static DnsRuntime start(Config config, SnapshotStore store, MeterRegistry registry, Clock clock) throws IOException {
        return start(config, store, registry, clock, Notifier.Timing.defaults());
    }

    /** As {@link #start(Config, SnapshotStore, MeterRegistry, Clock)} with NOTIFY timings of the caller's choice (tests). */
    public static DnsRuntime start(Config config, SnapshotStore store, MeterRegistry registry, Clock clock,
                                   Notifier.Timing notifyTiming) throws IOException {
        return start(config, store, registry, clock, notifyTiming, LeaseTtl.none());
    }

    /**
     * As {@link #start(Config, SnapshotStore, MeterRegistry, Clock, Notifier.Timing)} with record TTLs
     * shortened by etcd leases ({@code wayfinder dns}, whose feed keeps {@code leaseTtl}'s table current).
     */
    public static DnsRuntime start(Config config, SnapshotStore store, MeterRegistry registry, Clock clock,
                                   Notifier.Timing notifyTiming, LeaseTtl leaseTtl) throws IOException {
        Answerer answerer = new Answerer(config.zones(), config.keys(), config.upstream(), config.policy(), clock, leaseTtl);
        ZoneTransfers transfers = new ZoneTransfers(config.transfers(), ZoneNames.normalize(config.zones()), config.keys(),
                leaseTtl, clock);
        DnsMetrics metrics = new DnsMetrics(registry, store);
        QueryProcessor processor = new QueryProcessor(answerer, store, metrics, transfers, config.settings().maxUdpSize(),
                config.preparedAnswers());
        DnsServer server = DnsServer.start(config.listen(), processor, config.settings(), metrics);
        Notifier notifier = Notifier.start(config.transfers(), transfers.zones(), store, notifyTiming);
        DnsRuntime runtime = new DnsRuntime(server, store, notifier, processor);
        if (config.warmUpQueries() <= 0) {
            runtime.warm = true;
        } else {
            store.onPublish(s -> runtime.warmUp(config.warmUpQueries()));
            if (store.isLoaded()) {
                runtime.warmUp(config.warmUpQueries());
            }
        }
        return runtime;
    }

    /**
     * Once, after the first snapshot, on a thread of its own: waits for its answers to be prepared ahead (at most
     * {@link #PREPARE_WAIT}), then the JIT warm-up over them. Until both are done the replica does not report ready.
     */
    private void warmUp(int queries) {
        if (!warmUpStarted.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            long started = System.nanoTime();
            boolean prepared = true;
            try {
                if (processor.prepared().isPresent()) {
                    prepared = processor.prepared().get().awaitPrepared(PREPARE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long ready = System.nanoTime();
            List<byte[]> names = processor.prepared().map(p -> p.warmUpNames(WARM_UP_NAMES)).orElse(List.of());
            int replied = WarmUp.run(processor, names, queries);
            warm = true;
            LOG.info("Warmed up: answers prepared ahead{} in {} ms, then {} synthetic queries about {} names answered in {} ms",
                    prepared ? "" : " (not all, after waiting the longest)", (ready - started) / 1_000_000, replied, names.size(),
                    (System.nanoTime() - ready) / 1_000_000);
        }, "dns-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** True once the JIT warm-up has run after the first snapshot (at once when there is none to run). */
    public boolean isWarm() {
        return warm;
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public SnapshotStore store() {
        return store;
    }

    /** TCP connections open now. */
    public int tcpConnections() {
        return server.tcpConnections();
    }

    @Override
    public void close() {
        notifier.close();
        server.close();
        processor.prepared().ifPresent(PreparedAnswers::close);
    }
}
