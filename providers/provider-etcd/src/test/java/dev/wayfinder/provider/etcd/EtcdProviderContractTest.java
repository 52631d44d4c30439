package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DnsProviderContract;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider contract against a real etcd, name by name (small batches). */
class EtcdProviderContractTest extends DnsProviderContract {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static final SkyDnsMapping MAPPING = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of("example.org")), 300);

    @Override
    protected void resetStore() {
        ETCD.deletePrefix("/skydns/");
    }

    @Override
    protected DnsProvider newProvider(DomainFilter filter) {
        return new EtcdProvider(ETCD.client(), MAPPING, filter, options());
    }

    EtcdProviderOptions options() {
        return EtcdProviderOptions.defaults();
    }
}
