package dev.wayfinder.gslb.peers;

import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
     * Until when {@code host}'s first answers are still awaited: present while some peer has not yet been asked about it
     * (a peer found through the edge: the edge not asked yet either) and is not known to be unreachable, up to a bound
     * from when the host was first tracked. A host that is awaited is not decided yet — deciding from "never heard of"
     * would fail over to this cluster for a moment; the change callback runs once it is no longer awaited, and the
     * caller looks again by the instant returned at the latest. Never blocks.
     */
    default Optional<Instant> awaitingUntil(DnsName host) {
        return Optional.empty();
    }

    /** Blocks until none of {@code hosts} is awaited, or {@code limit} has passed: for {@code --once}, which decides once. */
    default void awaitFirstAnswers(Collection<DnsName> hosts, Duration limit) throws InterruptedException {
    }

    @Override
    void close();
}
