package dev.wayfinder.provider;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import java.util.List;

/**
 * Where records are published: SkyDNS in etcd, an RFC 2136 server, or memory.
 *
 * <p>Contract (the test kit {@code DnsProviderContract} in this module's test-jar checks every
 * implementation):
 * <ul>
 *   <li>{@link #records()} returns every record set inside the domain filter, of every owner,
 *       with the owner in {@link Endpoint#metadata()}; what {@link #apply} wrote reads back equal
 *       after {@link #adjust}, so a plan over it finds nothing more to do.</li>
 *   <li>{@link #apply} is strict, never silent: creating a record set (name, type, set identifier)
 *       that exists, or updating or deleting one that does not, throws {@link ProviderException}.
 *       Applying the same changes twice is therefore an error the second time.</li>
 *   <li>An {@link dev.wayfinder.model.Update#before()} (and a delete) describes the record set as
 *       the caller read it from {@link #records()}. When the stored targets no longer match it,
 *       another writer got there first: the change fails (a lost race, so
 *       {@link ProviderException.Kind#TRANSIENT}) rather than overwriting that writer silently.</li>
 *   <li>{@link #apply} changes only records whose owner equals the owner of the endpoint it was
 *       given: a delete or update never removes or changes another owner's record (it is refused
 *       with a {@link ProviderException}, or at least not applied), and a create never overwrites
 *       one — it fails instead. One exception, adoption: an update whose {@code before} has no
 *       owner and whose {@code after} has one takes over a record set none of whose records has
 *       an owner (the registry decides that, e.g. because an ExternalDNS ownership record claims it).</li>
 *   <li>All records of one DNS name change atomically: a failed apply leaves every name either
 *       as it was or as asked, never half-written. Names are independent; a provider may apply
 *       some names of a batch and fail on others, and then says which through
 *       {@link ProviderException#names()}.</li>
 *   <li>Changes outside the domain filter, and records the provider cannot express (an A record
 *       whose target is not an IPv4 address, say), are refused with {@link ProviderException.Kind#PERMANENT}
 *       naming the record, before anything of the batch is written.</li>
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

    /**
     * True when the provider keeps ExternalDNS's TXT ownership records itself (reads them into
     * {@link Endpoint#metadata()}, writes them with each change, never returns them as records), so
     * the registry must leave them alone. False (the default): ownership is stored with each record,
     * and the registry reads and writes ExternalDNS's TXT records as ordinary TXT record sets.
     */
    default boolean keepsOwnershipRecords() {
        return false;
    }

    /**
     * True when ExternalDNS may manage the same store (its coredns provider's etcd): the registry then
     * keeps ExternalDNS's TXT ownership records in it beside Wayfinder's own, so ExternalDNS, started
     * again, reads the records as its own. False (the default) for stores only Wayfinder uses.
     */
    default boolean holdsExternalDnsRecords() {
        return false;
    }

    @Override
    default void close() {
    }
}
