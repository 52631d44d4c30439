package dev.wayfinder.gslb.push;

import dev.wayfinder.gslb.peers.PeerRefresh;
import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted NOTIFYs into polls of the notifying peer, bounded whatever arrives: per peer at most one pushed poll
 * runs at a time, and what arrives meanwhile waits in a set (a host notified twice is asked once). When more than
 * {@link #PENDING_LIMIT} hosts wait, the set collapses into "every host", one poll like a scheduled one; so a flood
 * costs at most one extra poll of that peer at a time, and the scheduled polls and the controller go on as before.
 *
 * <p>A NOTIFY can overtake the change it announces on the way into the notifying cluster's DNS (a {@code wayfinder dns}
 * snapshot follows etcd by milliseconds). So when a pushed poll finds a host's answer unchanged, the host is asked again
 * after each of {@link #FOLLOW_UPS} in turn, then left to the scheduled polls.
 */
final class PushedPolls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushedPolls.class);
    static final int PENDING_LIMIT = 1024;
    static final List<Duration> FOLLOW_UPS = List.of(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500));

    /** What waits for one peer: hosts with their attempt (1: the NOTIFY itself, then follow-ups), or every host. */
    private static final class Lane {
        final Map<DnsName, Integer> pending = new LinkedHashMap<>();
        boolean everything;
        boolean running;
    }

    /** What a host's answer was before a pushed poll: the same afterwards means the change has not shown yet. */
    private record Seen(List<String> targets, boolean reachable) {
        static Optional<Seen> of(Optional<PeerState> s) {
            return s.map(p -> new Seen(p.targets(), p.reachable()));
        }
    }

    private final PeerRefresh peers;
    private final List<Duration> followUps;
    private final ScheduledExecutorService later;
    // Guarded by this.
    private final Map<String, Lane> lanes = new HashMap<>();

    PushedPolls(PeerRefresh peers) {
        this(peers, FOLLOW_UPS);
    }

    PushedPolls(PeerRefresh peers, List<Duration> followUps) {
        this.peers = peers;
        this.followUps = List.copyOf(followUps);
        this.later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gslb-notify-follow-up");
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks the notifying peer about what {@code n} names: the host, or every tracked host under the zone. */
    void notified(PeerNotify n) {
        Set<DnsName> tracked = peers.tracked();
        Collection<DnsName> hosts = n.zoneWide() ? tracked.stream().filter(h -> h.isAtOrBelow(n.name())).toList()
                : tracked.contains(n.name()) ? List.of(n.name()) : List.of();
        if (hosts.isEmpty()) {
            LOG.debug("NOTIFY from {} for {}: no tracked host to ask about", n.sender(), n.name());
            return;
        }
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(n.sender(), t -> new Lane());
            hosts.forEach(h -> add(n.sender(), lane, h, 1));
        }
        kick(n.sender());
    }

    private void add(String tag, Lane lane, DnsName host, int attempt) {
        if (lane.everything) {
            return;
        }
        lane.pending.merge(host, attempt, Math::min);
        if (lane.pending.size() > PENDING_LIMIT) {
            LOG.debug("More than {} hosts notified by {} wait: asking it about every host instead", PENDING_LIMIT, tag);
            lane.pending.clear();
            lane.everything = true;
        }
    }

    /** Starts the peer's next pushed poll unless one runs or nothing waits. */
    private void kick(String tag) {
        Map<DnsName, Integer> batch;
        boolean all;
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(tag, t -> new Lane());
            if (lane.running || !lane.everything && lane.pending.isEmpty()) {
                return;
            }
            lane.running = true;
            all = lane.everything;
            batch = new LinkedHashMap<>(lane.pending);
            lane.pending.clear();
            lane.everything = false;
        }
        Collection<DnsName> hosts = all ? peers.tracked() : batch.keySet();
        Map<DnsName, Optional<Seen>> before = new HashMap<>();
        batch.keySet().forEach(h -> before.put(h, Seen.of(peers.state(tag, h))));
        LOG.debug("Asking peer {} about {} now (NOTIFY)", tag, all ? "every host" : batch.keySet());
        peers.pollNow(tag, hosts).whenComplete((v, e) -> done(tag, batch, before));
    }

    private void done(String tag, Map<DnsName, Integer> batch, Map<DnsName, Optional<Seen>> before) {
        synchronized (this) {
            lanes.get(tag).running = false;
        }
        batch.forEach((host, attempt) -> {
            if (attempt <= followUps.size() && Objects.equals(before.get(host), Seen.of(peers.state(tag, host)))) {
                followUp(tag, host, attempt + 1, followUps.get(attempt - 1));
            }
        });
        kick(tag);
    }

    private void followUp(String tag, DnsName host, int attempt, Duration after) {
        try {
            later.schedule(() -> {
                synchronized (this) {
                    add(tag, lanes.get(tag), host, attempt);
                }
                kick(tag);
            }, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // Closed meanwhile.
        }
    }

    @Override
    public void close() {
        later.shutdownNow();
    }
}
