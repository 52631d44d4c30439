package dev.wayfinder.server.answer;

import dev.wayfinder.server.snapshot.SnapshotEntry;
import java.net.InetAddress;
import java.util.List;

/**
 * A per-query choice among the services an A/AAAA read found (query-time GSLB). It must return
 * its input unchanged when the services carry no GSLB metadata, so that answers stay exactly
 * CoreDNS's; {@link #NONE} always does.
 */
public interface AddressPolicy {

    AddressPolicy NONE = (services, family, client) -> services;

    /**
     * The services to answer from, in the order to answer them.
     *
     * @param services what the read found, in key order
     * @param family   the address type being answered, {@code Type.A} or {@code Type.AAAA}
     * @param client   the ECS address or the source address
     */
    List<SnapshotEntry> select(List<SnapshotEntry> services, int family, InetAddress client);
}
