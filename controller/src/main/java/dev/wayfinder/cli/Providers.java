package dev.wayfinder.cli;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.memory.MemoryProvider;
import io.etcd.jetcd.Client;

/** Opens the configured provider with what it needs, and closes both together. */
final class Providers {

    private Providers() {
    }

    /** A provider and the connection it runs on. */
    record Opened(DnsProvider provider, AutoCloseable connection) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            provider.close();
            if (connection != null) {
                connection.close();
            }
        }
    }

    static Opened open(ControllerConfig config) {
        return switch (config.provider()) {
            case INMEMORY -> new Opened(new MemoryProvider(config.domainFilter()), null);
            case COREDNS -> {
                Client client = config.etcd().connect();
                SkyDnsMapping mapping = new SkyDnsMapping(new SkyDnsKeys(config.corednsPrefix()), config.domainFilter().include(),
                        config.defaultTtl());
                yield new Opened(new EtcdProvider(client, mapping, config.domainFilter()), client);
            }
        };
    }
}
