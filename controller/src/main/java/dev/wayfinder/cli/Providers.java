package dev.wayfinder.cli;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.ProviderKind;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.EtcdProviderOptions;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.provider.rfc2136.Rfc2136Provider;
import io.etcd.jetcd.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Opens the configured providers with what they need, and closes each with its connection. */
final class Providers {

    private Providers() {
    }

    /** A provider, the names it is responsible for, and the connection it runs on. */
    record Opened(ProviderKind kind, DnsProvider provider, DomainFilter scope, AutoCloseable connection) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            provider.close();
            if (connection != null) {
                connection.close();
            }
        }

        Controller.Target target() {
            return new Controller.Target(provider, scope);
        }
    }

    /** Every configured provider, in the order given; closing it closes them all. */
    record All(List<Opened> opened) implements AutoCloseable {
        List<Controller.Target> targets() {
            return opened.stream().map(Opened::target).toList();
        }

        Optional<MemoryProvider> memory() {
            return opened.stream().map(Opened::provider).filter(MemoryProvider.class::isInstance).map(MemoryProvider.class::cast).findFirst();
        }

        @Override
        public void close() throws Exception {
            Exception first = null;
            for (Opened o : opened) {
                try {
                    o.close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    static All open(ControllerConfig config) throws Exception {
        List<Opened> opened = new ArrayList<>();
        try {
            for (ProviderKind kind : config.providers()) {
                opened.add(open(config, kind));
            }
        } catch (RuntimeException e) {
            new All(opened).close();
            throw e;
        }
        return new All(opened);
    }

    /**
     * With GSLB delegation at the edge ({@code --edge-dns-zone}), the RFC 2136 provider is the edge writer: it holds
     * this cluster's NS and glue, which lie in the parent zone outside the load-balanced domains, so it is
     * responsible for its whole zones (ownership still keeps it off every other record there).
     */
    static boolean edgeWriter(ControllerConfig config, ProviderKind kind) {
        return kind == ProviderKind.RFC2136 && config.rfc2136().isPresent()
                && config.gslb().flatMap(GslbSettings::edgeDnsZone).isPresent();
    }

    private static Opened open(ControllerConfig config, ProviderKind kind) {
        DomainFilter scope = edgeWriter(config, kind) ? new DomainFilter(config.rfc2136().get().zones(), List.of())
                : config.domainFilterFor(kind);
        return switch (kind) {
            case INMEMORY -> new Opened(kind, new MemoryProvider(scope), scope, null);
            case COREDNS -> {
                Client client = config.etcd().connect();
                SkyDnsMapping mapping = new SkyDnsMapping(new SkyDnsKeys(config.corednsPrefix()), scope.include(), config.defaultTtl());
                yield new Opened(kind, new EtcdProvider(client, mapping, scope, EtcdProviderOptions.defaults(), config.registry().strictlyOwned()),
                        scope, client);
            }
            case RFC2136 -> new Opened(kind, new Rfc2136Provider(config.rfc2136().orElseThrow(), scope, config.registry().names()), scope, null);
        };
    }
}
