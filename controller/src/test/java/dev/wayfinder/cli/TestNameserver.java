package dev.wayfinder.cli;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.memory.MemoryProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * A real UDP/TCP nameserver for tests of other packages: Wayfinder's DNS server ({@link EmbeddedDns})
 * answering from an in-memory record set on 127.0.0.1. It can be stopped and started again on the
 * same port, to play a peer cluster that goes away and comes back.
 */
public final class TestNameserver implements AutoCloseable {

    private final List<DnsName> zones;
    private final MemoryProvider provider;
    private int port;
    private EmbeddedDns dns;

    private TestNameserver(List<DnsName> zones) {
        this.zones = zones;
        this.provider = new MemoryProvider(DomainFilter.of(zones.stream().map(DnsName::toString).toArray(String[]::new)));
    }

    /** Serves {@code zones} on a free port of 127.0.0.1. */
    public static TestNameserver start(String... zones) {
        TestNameserver ns = new TestNameserver(List.of(zones).stream().map(DnsName::of).toList());
        ns.startOn(0);
        return ns;
    }

    private void startOn(int onPort) {
        try {
            dns = EmbeddedDns.start(new InetSocketAddress("127.0.0.1", onPort), zones, "/skydns/", 30, provider, new SimpleMeterRegistry());
            port = dns.address().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Makes {@code name type} hold exactly {@code targets} (none: removes it). */
    public void set(String name, RecordType type, List<String> targets) {
        DnsName n = DnsName.of(name);
        Optional<Endpoint> have = provider.records().stream().filter(e -> e.name().equals(n) && e.type() == type).findFirst();
        Endpoint want = new Endpoint(n, type, targets, 30, "", Metadata.owned("test", "test/nameserver"));
        try {
            if (targets.isEmpty()) {
                if (have.isPresent()) {
                    provider.apply(Changes.delete(have.get()));
                }
            } else if (have.isPresent()) {
                provider.apply(Changes.update(new Update(have.get(), want)));
            } else {
                provider.apply(Changes.create(want));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set " + name + " " + type + ": " + e.getMessage(), e);
        }
    }

    /** Stops answering: UDP and TCP on the port are closed. */
    public void stop() {
        if (dns != null) {
            dns.close();
            dns = null;
        }
    }

    /** Answers again on the same port. */
    public void restart() {
        stop();
        startOn(port);
    }

    @Override
    public void close() {
        stop();
    }
}
