package dev.wayfinder.cli;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.gslb.GeoMap;
import dev.wayfinder.server.gslb.GslbPolicy;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --serve-dns}: Wayfinder's DNS server answering from the in-memory provider, with no etcd
 * at all. Every apply republishes the whole record set as SkyDNS entries, which the server
 * answers from exactly as CoreDNS would from etcd — with {@code wayfinder dns}'s per-query answers for balanced names
 * (no geo map: a geoip name answers every healthy target).
 */
final class EmbeddedDns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDns.class);

    private final DnsRuntime runtime;
    private final MemoryProvider provider;
    private final Runnable listener;

    private EmbeddedDns(DnsRuntime runtime, MemoryProvider provider, Runnable listener) {
        this.runtime = runtime;
        this.provider = provider;
        this.listener = listener;
    }

    static EmbeddedDns start(InetSocketAddress listen, Collection<DnsName> zones, String prefix, long defaultTtl, MemoryProvider provider,
                             MeterRegistry meters) throws IOException {
        SkyDnsKeys keys = new SkyDnsKeys(prefix);
        SkyDnsMapping mapping = new SkyDnsMapping(keys, zones, defaultTtl);
        SnapshotStore store = new SnapshotStore(Clock.systemUTC());
        DnsRuntime runtime = DnsRuntime.start(new DnsRuntime.Config(listen, zones.stream().map(DnsName::toString).toList(), keys,
                Upstream.NONE, new GslbPolicy(GeoMap.empty(), () -> ThreadLocalRandom.current().nextDouble()), DnsServer.Settings.defaults()),
                store, meters, Clock.systemUTC());
        Runnable publish = () -> publish(store, mapping, provider);
        publish.run();
        store.markInSync();
        provider.addChangeListener(publish);
        LOG.info("Answering DNS for {} on {} from the in-memory records", zones, runtime.address());
        return new EmbeddedDns(runtime, provider, publish);
    }

    private static void publish(SnapshotStore store, SkyDnsMapping mapping, MemoryProvider provider) {
        List<SkyDnsEntry> entries = new ArrayList<>();
        for (Endpoint e : provider.records()) {
            try {
                entries.addAll(mapping.toEntries(e));
            } catch (IllegalArgumentException ex) {
                LOG.warn("Not serving {}: {}", e, ex.getMessage());
            }
        }
        store.replaceAll(provider.version(), entries);
    }

    InetSocketAddress address() {
        return runtime.address();
    }

    @Override
    public void close() {
        provider.removeChangeListener(listener);
        runtime.close();
    }
}
