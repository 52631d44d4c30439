package dev.wayfinder.provider;

import static dev.wayfinder.provider.ContractFixtures.EXAMPLE_ORG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The lifecycle under {@link DnsProviderContract}: how the kit gets providers, and what it
 * expects of their state.
 *
 * <p><b>State per test.</b> Each test starts from an empty store: the first {@code newProvider}
 * call of a test must see no records at all. Empty it in {@link #resetStore()} (wipe the etcd
 * prefix, a fresh zone) or in a field initialiser (JUnit makes a new instance per test) — not in a
 * {@code @BeforeEach} of the subclass, which JUnit runs <em>after</em> this class's
 * {@code @BeforeEach}. Within one test, every call must return a provider over the <em>same</em>
 * store: the domain-filter case writes names outside {@code example.org} through a provider with
 * a wider filter and reads them through a narrow one. The kit closes every provider it was given
 * after each test; shared, per-class resources (an etcd server, a client) are the subclass's to
 * close.
 */
public abstract class ProviderContractSupport {

    private final List<DnsProvider> opened = new ArrayList<>();

    /** The provider under test, for {@code example.org}, made in {@link #openProvider()}. */
    protected DnsProvider provider;

    /**
     * A provider for {@code filter}. The first call in a test returns an EMPTY store; later calls in
     * the same test share that store (see the class comment). State must not leak between tests.
     */
    protected abstract DnsProvider newProvider(DomainFilter filter) throws Exception;

    /**
     * Whether the provider keeps record sets apart by {@link Endpoint#setIdentifier()} (GSLB: one
     * per cluster) and stores the GSLB metadata beside them. A provider that cannot answers false,
     * and the cases that need it are skipped, saying so.
     */
    protected boolean supportsSetIdentifiers() {
        return true;
    }

    protected final String providerName() {
        return provider.name();
    }

    /** Empties the store before each test, before the first {@link #newProvider} call; does nothing by default. */
    protected void resetStore() throws Exception {
    }

    @BeforeEach
    void openProvider() throws Exception {
        resetStore();
        provider = open(EXAMPLE_ORG);
        assertThat(provider.records()).as("a new provider's store must start empty").isEmpty();
    }

    @AfterEach
    void closeProviders() {
        opened.forEach(DnsProvider::close);
        opened.clear();
    }

    /** Opens (and remembers, to close) another provider over this test's store. */
    protected final DnsProvider open(DomainFilter filter) throws Exception {
        DnsProvider p = newProvider(filter);
        opened.add(p);
        return p;
    }

}
