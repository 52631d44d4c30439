package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DnsProviderContract;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider contract against a real BIND: one named for the class, holding the zones the kit
 * writes to (example.org, plus example.com and badexample.org for the domain-filter cases),
 * emptied before each test. Set identifiers are supported (see {@link Ownership}).
 */
class Rfc2136ProviderContractTest extends DnsProviderContract {

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones("example.org", "example.com", "badexample.org").build();

    @Override
    protected void resetStore() throws Exception {
        NAMED.wipe();
    }

    @Override
    protected DnsProvider newProvider(DomainFilter filter) {
        return new Rfc2136Provider(NAMED.config().build(), filter);
    }
}
