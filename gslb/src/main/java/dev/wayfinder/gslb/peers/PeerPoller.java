package dev.wayfinder.gslb.peers;

import dev.wayfinder.gslb.records.GslbRecords;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * Asks every peer cluster, every {@code pollInterval}, for the A and AAAA records of
 * {@code localtargets-<host>} of every tracked host, at every address of the peer, all in parallel
 * (a dead peer or address never delays another). An NXDOMAIN or empty answer means "the peer says
 * empty" and counts at once; a timeout, network error, SERVFAIL, REFUSED or malformed reply makes the
 * peer unreachable for that poll, keeping its last-known targets and last contact (the strategy
 * applies the grace). A peer is reachable when any address answered both questions; its targets
 * are the union over those addresses.
 *
 * <p>All state changes happen on one scheduler thread; the change callback runs on its own thread,
 * once per burst of changes.
 */
public final class PeerPoller implements PeerView {

    private static final Logger LOG = LoggerFactory.getLogger(PeerPoller.class);
    /** Questions in flight per peer at most: a few thousand hosts must not open as many sockets at once. */
    static final int QUESTIONS_IN_FLIGHT = 64;

    private record Key(String tag, DnsName host) {
    }

    /** What one address said about one host: both address types answered, or the first failure. */
    private record AddressAnswer(InetSocketAddress address, Optional<List<String>> targets, String failure) {
    }

    private final GslbSettings settings;
    private final Runnable onChange;
    private final Clock clock;
    private final PeerMetrics metrics;
    private final Optional<PeerDiscovery> discovery;
    private final List<String> tags;
    private final Map<String, List<InetSocketAddress>> configured = new HashMap<>();
    private final Map<String, AsyncLimit> limits = new HashMap<>();
    private final Map<Key, PeerState> states = new ConcurrentHashMap<>();
    private volatile Set<DnsName> hosts = Set.of();
    // Per host, its first poll by every peer (see awaitFirstPoll); hosts no longer tracked are dropped.
    private final Map<DnsName, CompletableFuture<Void>> firstPolls = new ConcurrentHashMap<>();

    // Confined to the scheduler thread.
    private final Map<Key, ScheduledFuture<?>> graceChecks = new HashMap<>();
    private final Map<InetSocketAddress, Boolean> addressUp = new HashMap<>();
    private final Map<String, Boolean> peerUp = new HashMap<>();
    private final Set<String> inFlight = new LinkedHashSet<>();
    private final Set<String> graceLogged = new LinkedHashSet<>();

    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService notifier;
    private final ExecutorService blocking;
    private final AtomicBoolean changePending = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean closed;

    public PeerPoller(GslbSettings settings, MeterRegistry meters, Runnable onChange) {
        this(settings, meters, onChange, Clock.systemUTC(), GslbSettings.DNS_PORT);
    }

    /** {@code discoveredPort}: the port discovered nameservers are polled on (53; tests use a free port). */
    PeerPoller(GslbSettings settings, MeterRegistry meters, Runnable onChange, Clock clock, int discoveredPort) {
        this.settings = settings;
        this.onChange = onChange;
        this.clock = clock;
        settings.peers().forEach(p -> configured.put(p.geoTag(), p.addresses()));
        TreeSet<String> all = new TreeSet<>(configured.keySet());
        all.addAll(settings.discovered());
        this.tags = List.copyOf(all);
        this.metrics = new PeerMetrics(meters, clock, tags);
        this.discovery = settings.discovered().isEmpty() ? Optional.empty() : Optional.of(new PeerDiscovery(settings, discoveredPort));
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("gslb-peer-poller"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.notifier = Executors.newSingleThreadExecutor(daemon("gslb-peer-change"));
        this.blocking = Executors.newCachedThreadPool(daemon("gslb-peer-io"));
        tags.forEach(t -> limits.put(t, new AsyncLimit(QUESTIONS_IN_FLIGHT, blocking)));
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts polling (at once, then every poll interval) and, with discovered peers, the edge lookups. */
    public void start() {
        if (started || closed) {
            return;
        }
        started = true;
        long every = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
        long refresh = PeerDiscovery.REFRESH.toMillis();
        discovery.ifPresent(d -> scheduler.scheduleWithFixedDelay(() -> discover(d), 0, refresh, TimeUnit.MILLISECONDS));
        LOG.info("Polling GSLB peers {} every {} (timeout {}, grace {})", tags, settings.pollInterval(), settings.peerTimeout(),
                settings.peerGrace());
    }

    @Override
    public List<PeerState> peers(DnsName host) {
        List<PeerState> out = new ArrayList<>(tags.size());
        for (String tag : tags) {
            out.add(states.getOrDefault(new Key(tag, host), never(tag)));
        }
        return out;
    }

    private static PeerState never(String tag) {
        return new PeerState(tag, List.of(), false, Instant.EPOCH);
    }

    @Override
    public void track(Collection<DnsName> newHosts) {
        Set<DnsName> next = Set.copyOf(newHosts);
        Set<DnsName> added = new LinkedHashSet<>(next);
        added.removeAll(hosts);
        hosts = next;
        firstPolls.keySet().retainAll(next);
        states.keySet().removeIf(k -> !next.contains(k.host()));
        if (started && !closed && !added.isEmpty()) {
            // A dropped host's pending grace check finds no state and does nothing.
            execute(() -> tags.forEach(tag -> poll(tag, added)));
        }
    }

    @Override
    public void awaitFirstPoll(DnsName host, Duration limit) {
        if (closed || tags.isEmpty()) {
            return;
        }
        CompletableFuture<Void> first = firstPolls.computeIfAbsent(host, h -> {
            if (!hosts.contains(h)) {
                Set<DnsName> next = new LinkedHashSet<>(hosts);
                next.add(h);
                hosts = Set.copyOf(next);
            }
            return CompletableFuture.allOf(tags.stream().map(tag -> poll(tag, Set.of(h)).exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new));
        });
        try {
            first.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("The first poll for {} did not finish within {}: deciding with what is known", host, limit);
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        notifier.shutdownNow();
        blocking.shutdownNow();
    }

    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RuntimeException e) {
            // Closed meanwhile: nothing left to do.
        }
    }

    /** Polls every peer not still busy with its previous poll. Never throws: that would cancel the schedule. */
    private void tick() {
        Set<DnsName> now = hosts;
        if (now.isEmpty()) {
            return;
        }
        for (String tag : tags) {
            if (!inFlight.add(tag)) {
                LOG.debug("Peer {}: the previous poll is still running, skipping this one", tag);
                continue;
            }
            try {
                poll(tag, now).whenCompleteAsync((v, e) -> {
                    inFlight.remove(tag);
                    if (e != null && !closed) {
                        LOG.warn("Polling peer {} failed: {}", tag, e.toString(), e);
                    }
                }, scheduler);
            } catch (RuntimeException e) {
                inFlight.remove(tag);
                LOG.warn("Polling peer {} failed: {}", tag, e.toString(), e);
            }
        }
    }

    private List<InetSocketAddress> addresses(String tag) {
        List<InetSocketAddress> out = new ArrayList<>(configured.getOrDefault(tag, List.of()));
        discovery.ifPresent(d -> d.addresses(tag).stream().filter(a -> !out.contains(a)).forEach(out::add));
        return out;
    }

    /** One poll of one peer for some hosts; its result is applied on the scheduler thread. */
    private CompletableFuture<Void> poll(String tag, Set<DnsName> which) {
        List<InetSocketAddress> given = addresses(tag);
        List<CompletableFuture<List<InetSocketAddress>>> resolved = given.stream()
                .map(a -> DnsExchange.resolve(a, blocking).exceptionally(e -> {
                    LOG.debug("Peer {}: cannot resolve {}: {}", tag, a, e.getMessage());
                    metrics.failed(tag, DnsExchange.Failure.NETWORK);
                    return List.of();
                })).toList();
        return CompletableFuture.allOf(resolved.toArray(CompletableFuture[]::new))
                .thenCompose(v -> {
                    List<InetSocketAddress> addrs = resolved.stream().flatMap(f -> f.join().stream()).distinct().toList();
                    Map<DnsName, List<CompletableFuture<AddressAnswer>>> asks = new LinkedHashMap<>();
                    for (DnsName host : which) {
                        asks.put(host, addrs.stream().map(a -> ask(tag, a, host)).toList());
                    }
                    List<CompletableFuture<AddressAnswer>> all = asks.values().stream().flatMap(List::stream).toList();
                    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApplyAsync(x -> {
                        Map<DnsName, List<AddressAnswer>> answers = new LinkedHashMap<>();
                        asks.forEach((h, fs) -> answers.put(h, fs.stream().map(CompletableFuture::join).toList()));
                        apply(tag, addrs, answers);
                        return null;
                    }, scheduler);
                });
    }

    private CompletableFuture<AddressAnswer> ask(String tag, InetSocketAddress address, DnsName host) {
        DnsName name = GslbRecords.localTargetsName(host);
        Duration timeout = settings.peerTimeout();
        AsyncLimit limit = limits.get(tag);
        CompletableFuture<DnsExchange.Reply> a = limit.submit(() -> DnsExchange.ask(address, name, Type.A, timeout, blocking));
        CompletableFuture<DnsExchange.Reply> aaaa = limit.submit(() -> DnsExchange.ask(address, name, Type.AAAA, timeout, blocking));
        return a.thenCombine(aaaa, (ra, raaaa) -> {
            List<String> targets = new ArrayList<>();
            String failure = null;
            for (DnsExchange.Reply r : List.of(ra, raaaa)) {
                if (r.answered()) {
                    metrics.answered(tag, r.roundTrip());
                    targets.addAll(r.addresses());
                } else {
                    metrics.failed(tag, r.failure().get());
                    failure = failure != null ? failure : r.failure().get().kind() + " (" + r.detail() + ")";
                }
            }
            return new AddressAnswer(address, failure == null ? Optional.of(targets) : Optional.empty(), failure);
        });
    }

    /** Records one poll's answers; on the scheduler thread. */
    private void apply(String tag, List<InetSocketAddress> addrs, Map<DnsName, List<AddressAnswer>> answers) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        boolean changed = false;
        boolean anyAnswered = false;
        Map<InetSocketAddress, String> failures = new LinkedHashMap<>();
        Set<InetSocketAddress> answering = new LinkedHashSet<>();
        for (Map.Entry<DnsName, List<AddressAnswer>> e : answers.entrySet()) {
            if (!hosts.contains(e.getKey())) {
                continue;
            }
            Key key = new Key(tag, e.getKey());
            TreeSet<String> targets = new TreeSet<>();
            boolean answered = false;
            for (AddressAnswer a : e.getValue()) {
                if (a.targets().isPresent()) {
                    answered = true;
                    answering.add(a.address());
                    targets.addAll(a.targets().get());
                } else {
                    failures.putIfAbsent(a.address(), a.failure());
                }
            }
            anyAnswered |= answered;
            changed |= record(key, answered, List.copyOf(targets), now);
        }
        changed |= reachability(tag, addrs, answering, failures, anyAnswered, now);
        LOG.debug("Polled peer {} at {} for {} hosts: {}", tag, addrs, answers.size(), anyAnswered ? "answered" : "no answer " + failures);
        if (changed) {
            changed();
        }
    }

    /** Stores one host's new state; true when its targets or reachability changed. */
    private boolean record(Key key, boolean answered, List<String> targets, Instant now) {
        PeerState old = states.getOrDefault(key, never(key.tag()));
        if (answered) {
            states.put(key, new PeerState(key.tag(), targets, true, now));
            Optional.ofNullable(graceChecks.remove(key)).ifPresent(f -> f.cancel(false));
            if (!old.targets().equals(targets)) {
                LOG.debug("Peer {} now reports {} for {}", key.tag(), targets, key.host());
            }
            return !old.reachable() || !old.targets().equals(targets);
        }
        states.put(key, new PeerState(key.tag(), old.targets(), false, old.lastContact()));
        if (old.reachable()) {
            scheduleGraceCheck(key, old.lastContact());
            return true;
        }
        return false;
    }

    /** Re-decides when the peer's grace runs out, if it has not answered by then. */
    private void scheduleGraceCheck(Key key, Instant lastContact) {
        Instant end = lastContact.plus(settings.peerGrace());
        long delay = Math.max(0, Duration.between(clock.instant(), end).toMillis()) + 1;
        ScheduledFuture<?> f = scheduler.schedule(() -> {
            graceChecks.remove(key);
            PeerState s = states.get(key);
            if (s != null && !s.reachable() && s.lastContact().equals(lastContact)) {
                if (graceLogged.add(key.tag())) {
                    LOG.info("Peer {} stayed unreachable past its grace of {}: its last-known targets no longer count", key.tag(),
                            settings.peerGrace());
                }
                LOG.debug("Peer {}: the grace of its last-known targets {} for {} ran out", key.tag(), s.targets(), key.host());
                changed();
            }
        }, delay, TimeUnit.MILLISECONDS);
        Optional.ofNullable(graceChecks.put(key, f)).ifPresent(old -> old.cancel(false));
    }

    /** Logs the peer's and each address's flips; true when the peer's reachability flipped. */
    private boolean reachability(String tag, List<InetSocketAddress> addrs, Set<InetSocketAddress> answering,
                                 Map<InetSocketAddress, String> failures, boolean anyAnswered, Instant now) {
        for (InetSocketAddress a : addrs) {
            boolean up = answering.contains(a);
            Boolean before = addressUp.put(a, up);
            if (before == null || before != up) {
                if (up) {
                    LOG.info("Peer {} answers at {}", tag, a);
                } else if (failures.containsKey(a)) {
                    LOG.info("Peer {} is unreachable at {}: {}", tag, a, failures.get(a));
                }
            }
        }
        Boolean before = peerUp.put(tag, anyAnswered);
        Instant last = states.entrySet().stream().filter(e -> e.getKey().tag().equals(tag)).map(e -> e.getValue().lastContact())
                .filter(i -> !i.equals(Instant.EPOCH)).max(Instant::compareTo).orElse(null);
        metrics.polled(tag, anyAnswered, last);
        if (before != null && before && !anyAnswered) {
            LOG.info("Peer {} is unreachable at all of its addresses {}; its last-known targets count for {} more", tag, addrs,
                    settings.peerGrace());
        } else if (before != null && !before && anyAnswered) {
            LOG.info("Peer {} is reachable again", tag);
        }
        if (anyAnswered) {
            graceLogged.remove(tag);
        }
        return before == null ? anyAnswered : before != anyAnswered;
    }

    /** Runs the change callback on its own thread, once for a burst of changes. */
    private void changed() {
        if (closed || !changePending.compareAndSet(false, true)) {
            return;
        }
        try {
            notifier.execute(() -> {
                changePending.set(false);
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.warn("The GSLB peer change callback failed: {}", e.toString(), e);
                }
            });
        } catch (RuntimeException e) {
            changePending.set(false);
        }
    }

    /** One round of edge lookups; never throws (that would cancel the schedule). */
    private void discover(PeerDiscovery d) {
        CompletableFuture<Map<String, PeerDiscovery.Found>> round;
        try {
            round = d.lookup(settings.peerTimeout(), blocking, blocking);
        } catch (RuntimeException e) {
            LOG.warn("Looking up the peers' nameservers at the edge failed: {}", e.toString(), e);
            return;
        }
        round.whenCompleteAsync((found, e) -> {
            if (closed) {
                return;
            }
            if (e != null) {
                LOG.warn("Looking up the peers' nameservers at the edge failed: {}", e.toString(), e);
                return;
            }
            Set<DnsName> now = hosts;
            // A peer whose nameservers just became known is asked at once, not at the next tick.
            d.update(found).stream().filter(tag -> !now.isEmpty()).forEach(tag -> poll(tag, now));
        }, scheduler);
    }
}
