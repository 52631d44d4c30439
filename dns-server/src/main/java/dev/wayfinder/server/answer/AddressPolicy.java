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

    /** Answers every service, always. */
    AddressPolicy NONE = new AddressPolicy() {
        @Override
        public List<SnapshotEntry> select(List<SnapshotEntry> services, int family, InetAddress client) {
            return services;
        }

        @Override
        public boolean isStatic(List<SnapshotEntry> services) {
            return true;
        }
    };

    /**
     * The services to answer from, in the order to answer them.
     *
     * @param services what the read found, in key order
     * @param family   the address type being answered, {@code Type.A} or {@code Type.AAAA}
     * @param client   the ECS address or the source address
     */
    List<SnapshotEntry> select(List<SnapshotEntry> services, int family, InetAddress client);

    /**
     * True when {@link #select} returns {@code services} unchanged for every client and every random draw, so
     * that an answer built from them may be prepared once and reused ({@code server.prepared}). False unless a
     * policy knows better.
     */
    default boolean isStatic(List<SnapshotEntry> services) {
        return false;
    }

    /**
     * The choice {@link #select} makes over {@code services} when answering {@code family} ({@code Type.A} or
     * {@code Type.AAAA}), prepared: its outcomes and how a query picks one. Empty when it cannot be prepared (the
     * full path answers such names). Only asked for services that are not {@linkplain #isStatic static}.
     */
    default java.util.Optional<PreparedChoice> prepare(List<SnapshotEntry> services, int family) {
        return java.util.Optional.empty();
    }
}
