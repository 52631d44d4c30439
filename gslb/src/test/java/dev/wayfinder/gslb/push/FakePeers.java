package dev.wayfinder.gslb.push;

import dev.wayfinder.gslb.peers.PeerRefresh;
import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The poller as the push parts see it, recording what they ask: the narrow edge between a NOTIFY and the network
 * polls (which {@code PeerPollerTest} covers against real nameservers). Polls complete at once unless held.
 */
final class FakePeers implements PeerRefresh {

    record Asked(String tag, Set<DnsName> hosts) {
    }

    final List<Asked> asked = new CopyOnWriteArrayList<>();
    final Map<String, PeerState> states = new ConcurrentHashMap<>();
    final Map<String, List<InetSocketAddress>> nameservers = new ConcurrentHashMap<>();
    private final List<String> tags;
    private volatile Set<DnsName> tracked;
    private volatile CompletableFuture<Void> hold;

    FakePeers(List<String> tags, Set<DnsName> tracked) {
        this.tags = List.copyOf(tags);
        this.tracked = Set.copyOf(tracked);
    }

    /** Polls started from now on complete only when the returned future does. */
    synchronized CompletableFuture<Void> hold() {
        hold = new CompletableFuture<>();
        return hold;
    }

    void release() {
        CompletableFuture<Void> h = hold;
        hold = null;
        if (h != null) {
            h.complete(null);
        }
    }

    /** What peer {@code tag} says about {@code host} from now on. */
    void says(String tag, DnsName host, String... targets) {
        states.put(tag + "|" + host, new PeerState(tag, List.of(targets), true, Instant.now()));
    }

    @Override
    public List<String> tags() {
        return tags;
    }

    @Override
    public Set<DnsName> tracked() {
        return tracked;
    }

    @Override
    public synchronized CompletableFuture<Void> pollNow(String tag, Collection<DnsName> hosts) {
        asked.add(new Asked(tag, Set.copyOf(hosts)));
        return hold != null ? hold : CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<PeerState> state(String tag, DnsName host) {
        return Optional.ofNullable(states.get(tag + "|" + host));
    }

    @Override
    public List<InetSocketAddress> nameservers(String tag) {
        return nameservers.getOrDefault(tag, List.of());
    }
}
