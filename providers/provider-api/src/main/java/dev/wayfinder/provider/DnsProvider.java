package dev.wayfinder.provider;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import java.util.List;

/**
 * Where records are published: SkyDNS in etcd, an RFC 2136 server, or memory.
 *
 * <p>Contract (the test kit in this module's test-jar checks every implementation):
 * <ul>
 *   <li>{@link #records()} returns every record set inside the domain filter, of every owner,
 *       with the owner in {@link Endpoint#metadata()}; what {@link #apply} wrote reads back equal
 *       after {@link #adjust}.</li>
 *   <li>{@link #apply} changes only records whose owner equals the owner of the endpoint it was
 *       given: a delete or update never removes another owner's record, and a create never
 *       overwrites one — it fails instead.</li>
 *   <li>All records of one DNS name change atomically: a failed apply leaves every name either
 *       as it was or as asked, never half-written.</li>
 *   <li>Changes outside the domain filter are refused.</li>
 * </ul>
 */
public interface DnsProvider extends AutoCloseable {

    /** A short name for logs and metrics, such as {@code etcd}. */
    String name();

    /** The names this provider manages. */
    DomainFilter domainFilter();

    /** Every record set within the domain filter, of every owner. */
    List<Endpoint> records() throws ProviderException;

    /** Applies the changes; see the class comment for the guarantees. */
    void apply(Changes changes) throws ProviderException;

    /**
     * The form {@link #records()} will return {@code desired} in once applied (a provider default
     * TTL filled in, say), so a plan compares like with like and converges.
     */
    default Endpoint adjust(Endpoint desired) {
        return desired;
    }

    @Override
    default void close() {
    }
}
