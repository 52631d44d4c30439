package dev.wayfinder.provider.memory;

import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DnsProviderContract;
import dev.wayfinder.provider.DomainFilter;

/** The memory provider passes the provider contract. */
class MemoryProviderContractTest extends DnsProviderContract {

    /** A new store per test: JUnit makes a new instance of this class for every test. */
    private final MemoryProvider store = new MemoryProvider(DomainFilter.ALL);

    @Override
    protected DnsProvider newProvider(DomainFilter filter) {
        return store.view(filter);
    }
}
