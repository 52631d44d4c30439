package dev.wayfinder.system.enterprise;

import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.etcd.EtcdSnapshotFeed;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** {@code wayfinder dns} as the CLI wires it: an etcd feed into a snapshot, answered over UDP and TCP. */
final class WayfinderDns implements AutoCloseable {

    private final EtcdSnapshotFeed feed;
    private final DnsRuntime runtime;

    private WayfinderDns(EtcdSnapshotFeed feed, DnsRuntime runtime) {
        this.feed = feed;
        this.runtime = runtime;
    }

    /** Serves {@code zones} on {@code listen} from the SkyDNS keys in {@code etcd}; returns once the first snapshot is loaded. */
    static WayfinderDns start(Client etcd, InetSocketAddress listen, List<String> zones) throws IOException {
        SkyDnsKeys keys = SkyDnsKeys.defaults();
        SnapshotStore store = new SnapshotStore(Clock.systemUTC());
        DnsRuntime runtime = DnsRuntime.start(new DnsRuntime.Config(listen, zones, keys, Upstream.NONE, AddressPolicy.NONE,
                new DnsServer.Settings(1, 1, 8, 2_000)), store, new SimpleMeterRegistry(), Clock.systemUTC());
        EtcdSnapshotFeed feed = new EtcdSnapshotFeed(etcd, keys.prefix(), store, Duration.ofSeconds(5));
        feed.start(Duration.ofMillis(200));
        WayfinderDns dns = new WayfinderDns(feed, runtime);
        try {
            await("wayfinder dns loading etcd").atMost(Duration.ofSeconds(10)).until(store::isLoaded);
        } catch (RuntimeException e) {
            dns.close();
            throw e;
        }
        return dns;
    }

    InetSocketAddress address() {
        return runtime.address();
    }

    @Override
    public void close() {
        runtime.close();
        feed.close();
    }
}
