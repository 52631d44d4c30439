package dev.wayfinder.gslb.peers;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real UDP/TCP nameserver for the peer tests: Wayfinder's DNS server answering from a record set
 * held here, on 127.0.0.1, exactly as it answers from etcd. It can be stopped and started again on
 * the same port, to play a peer cluster that goes away and comes back.
 */
public final class TestNameserver implements AutoCloseable {

    private final List<DnsName> zones;
    private final SkyDnsMapping mapping;
    private final Map<String, Endpoint> records = new LinkedHashMap<>();
    private long version;
    private int port;
    private DnsRuntime dns;

    private TestNameserver(List<DnsName> zones) {
        this.zones = zones;
        this.mapping = new SkyDnsMapping(new SkyDnsKeys("/skydns/"), zones, 30);
    }

    /** Serves {@code zones} on a free port of 127.0.0.1. */
    public static TestNameserver start(String... zones) {
        TestNameserver ns = new TestNameserver(List.of(zones).stream().map(DnsName::of).toList());
        ns.startOn(0);
        return ns;
    }

    private synchronized void startOn(int onPort) {
        try {
            SnapshotStore store = new SnapshotStore(Clock.systemUTC());
            dns = DnsRuntime.start(new DnsRuntime.Config(new InetSocketAddress("127.0.0.1", onPort), zones.stream().map(DnsName::toString).toList(),
                    mapping.keys(), Upstream.NONE, AddressPolicy.NONE, DnsServer.Settings.defaults()), store, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            publish();
            store.markInSync();
            port = dns.address().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publish() {
        List<SkyDnsEntry> entries = new ArrayList<>();
        records.values().forEach(e -> entries.addAll(mapping.toEntries(e)));
        dns.store().replaceAll(++version, entries);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Makes {@code name type} hold exactly {@code targets} (none: removes it). */
    public synchronized void set(String name, RecordType type, List<String> targets) {
        DnsName n = DnsName.of(name);
        String key = n + " " + type;
        if (targets.isEmpty()) {
            records.remove(key);
        } else {
            records.put(key, new Endpoint(n, type, targets, 30, "", Metadata.owned("test", "test/nameserver")));
        }
        if (dns != null) {
            publish();
        }
    }

    /** Stops answering: UDP and TCP on the port are closed. */
    public synchronized void stop() {
        if (dns != null) {
            dns.close();
            dns = null;
        }
    }

    /** Answers again on the same port. */
    public synchronized void restart() {
        stop();
        startOn(port);
    }

    @Override
    public void close() {
        stop();
    }
}
