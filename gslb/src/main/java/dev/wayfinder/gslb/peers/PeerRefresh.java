package dev.wayfinder.gslb.peers;

import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a peer's NOTIFY needs from the poller: ask that peer about some hosts now, through the normal query path, and
 * see what it said. {@link PeerPoller} is the implementation; tests of the push parts pass their own.
 */
public interface PeerRefresh {

    /** The peers' geo tags, configured and discovered. */
    List<String> tags();

    /** The hosts polled now. */
    Set<DnsName> tracked();

    /** Asks peer {@code tag} now about those of {@code hosts} still tracked; completes once its answers are applied. */
    CompletableFuture<Void> pollNow(String tag, Collection<DnsName> hosts);

    /** The latest state of peer {@code tag} for {@code host}, if it was ever asked. */
    Optional<PeerState> state(String tag, DnsName host);

    /** The peer's nameservers: given with {@code --gslb-peer} and found at the edge. */
    List<InetSocketAddress> nameservers(String tag);
}
