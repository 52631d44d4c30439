package dev.wayfinder.gslb.peers;

import dev.wayfinder.model.DnsName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * Which hosts still await a peer's first answer ({@link PeerView#awaitingUntil}): from when a host is first tracked until
 * every peer has been asked about it, or the peer is known not to answer, or {@code limit} has passed. A peer found at
 * the edge cannot be asked before the edge has answered for it ({@link #discovered}). Thread-safe.
 */
final class FirstAnswers {

    private final List<String> tags;
    private final Duration limit;
    private final Clock clock;
    private final Map<DnsName, Instant> trackedSince = new ConcurrentHashMap<>();
    private final Set<String> discoveryDone = ConcurrentHashMap.newKeySet();
    // Tags whose latest question failed at every address, or whose edge lookup found nobody to ask.
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    // Notified whenever an awaited host may have stopped being awaited.
    private final Object progress = new Object();

    FirstAnswers(List<String> tags, Duration limit, Clock clock) {
        this.tags = List.copyOf(tags);
        this.limit = limit;
        this.clock = clock;
    }

    /** The hosts tracked from now on; a new one's wait starts now. */
    void track(Set<DnsName> hosts) {
        Instant now = clock.instant();
        trackedSince.keySet().retainAll(hosts);
        hosts.forEach(h -> trackedSince.putIfAbsent(h, now));
    }

    /**
     * Until when {@code host} is awaited; {@code asked(tag, host)} says whether the peer has said something about it (an
     * answer or a failure).
     */
    Optional<Instant> awaitingUntil(DnsName host, BiPredicate<String, DnsName> asked) {
        Instant since = trackedSince.get(host);
        if (tags.isEmpty() || since == null) {
            return Optional.empty();
        }
        Instant until = since.plus(limit);
        if (!clock.instant().isBefore(until)) {
            return Optional.empty();
        }
        for (String tag : tags) {
            if (!asked.test(tag, host) && !failing.contains(tag)) {
                return Optional.of(until);
            }
        }
        return Optional.empty();
    }

    /** Blocks until none of {@code hosts} is awaited, or {@code wait} has passed. */
    void await(Collection<DnsName> hosts, Duration wait, BiPredicate<String, DnsName> asked) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (progress) {
            while (hosts.stream().anyMatch(h -> awaitingUntil(h, asked).isPresent())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                // Woken by every answer; the timeout covers a host's own limit running out.
                progress.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
        }
    }

    /** Something was heard: wakes {@link #await}. */
    void progressed() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Whether the edge has been asked for {@code tag} at least once (any answer or failure). */
    boolean discovered(String tag) {
        return discoveryDone.contains(tag);
    }

    /** The edge has been asked for {@code tag}; true the first time. */
    boolean discoveryDone(String tag) {
        return discoveryDone.add(tag);
    }

    /** The peer's latest question got an answer ({@code true}) or failed everywhere; true when that flips its standing. */
    boolean heard(String tag, boolean answered) {
        return answered ? failing.remove(tag) : failing.add(tag);
    }
}
