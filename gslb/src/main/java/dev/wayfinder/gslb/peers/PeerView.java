package dev.wayfinder.gslb.peers;

import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What the peer clusters last said about each host's {@code localtargets-<host>}: the seam between
 * the poller (network I/O) and the Gslb source (pure decisions). Implementations call the change
 * callback they were built with whenever a peer's answer or reachability changes.
 */
public interface PeerView extends AutoCloseable {

    /** No peers: a single cluster. */
    PeerView NONE = new PeerView() {
        @Override
        public List<PeerState> peers(DnsName host) {
            return List.of();
        }

        @Override
        public void track(Collection<DnsName> hosts) {
        }

        @Override
        public void close() {
        }
    };

    /** The latest state of every configured peer for {@code host} (a peer never heard from is unreachable with no targets). */
    List<PeerState> peers(DnsName host);

    /** The hosts to poll from now on (replaces the previous set); new hosts are polled at once. */
    void track(Collection<DnsName> hosts);

    /**
     * Polls {@code host} now if no poll has covered it yet, and waits for that first poll up to {@code limit}, so the
     * first decision for a host (at start-up, or for a new Gslb) is made from the peers' answers instead of from
     * "never heard of" (which would fail over to this cluster for a moment).
     */
    default void awaitFirstPoll(DnsName host, Duration limit) {
    }

    @Override
    void close();
}
