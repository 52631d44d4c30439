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
 * <p>A host is <em>awaited</em> ({@link #awaitingUntil}) from when it is first tracked until every peer has been
 * asked about it once — a peer found through the edge only after the edge has answered and the peer's addresses
 * have been asked — or the peer is known not to answer (its latest question failed at every address, or the edge
 * could not be asked for it), or {@link GslbSettings#firstAnswerLimit()} has passed. Nothing waits for it: the
 * caller simply does not decide an awaited host yet, and the change callback says when to look again.
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
    private final FirstAnswers first;

    // Confined to the scheduler thread.
    private final Map<Key, ScheduledFuture<?>> graceChecks = new HashMap<>();
    private final PollRound.Flips flips = new PollRound.Flips();
    private final Set<String> inFlight = new LinkedHashSet<>();
    private final Set<String> graceLogged = new LinkedHashSet<>();

    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService notifier;
    private final ExecutorService blocking;
    private final AtomicBoolean changePending = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean closed;

    public PeerPoller(GslbSettings settings, MeterRegistry meters, Runnable onChange) {
        this(settings, meters, onChange, Clock.systemUTC(), settings.discoveredPeerPort());
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
        this.first = new FirstAnswers(tags, settings.firstAnswerLimit(), clock);
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
        discovery.ifPresent(d -> execute(() -> discover(d)));
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
        first.track(next);
        states.keySet().removeIf(k -> !next.contains(k.host()));
        if (started && !closed && !added.isEmpty()) {
            // A dropped host's pending grace check finds no state and does nothing.
            execute(() -> tags.forEach(tag -> poll(tag, added)));
        }
    }

    @Override
    public Optional<Instant> awaitingUntil(DnsName host) {
        return closed ? Optional.empty() : first.awaitingUntil(host, this::asked);
    }

    @Override
    public void awaitFirstAnswers(Collection<DnsName> awaited, Duration limit) throws InterruptedException {
        first.await(awaited, limit, this::asked);
    }

    /** Whether the peer {@code tag} has said anything about {@code host} yet. */
    private boolean asked(String tag, DnsName host) {
        return states.containsKey(new Key(tag, host));
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

    /**
     * One poll of one peer for some hosts; each host's answers are applied on the scheduler thread as soon as they are
     * in (a dead address delays no other host), the peer's reachability once all are. A peer found only through the
     * edge is not polled before the edge has been asked for it: until then it has no addresses, which is not news.
     */
    private CompletableFuture<Void> poll(String tag, Set<DnsName> which) {
        if (!configured.containsKey(tag) && !first.discovered(tag)) {
            return CompletableFuture.completedFuture(null);
        }
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
                    PollRound round = new PollRound(tag, addrs);
                    List<CompletableFuture<Void>> each = new ArrayList<>(which.size());
                    for (DnsName host : which) {
                        List<CompletableFuture<AddressAnswer>> asks = addrs.stream().map(a -> ask(tag, a, host)).toList();
                        each.add(CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenAcceptAsync(
                                x -> apply(round, host, asks.stream().map(CompletableFuture::join).toList()), scheduler));
                    }
                    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenRunAsync(() -> finish(round), scheduler);
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

    /** Records one host's answers from one poll; on the scheduler thread. */
    private void apply(PollRound round, DnsName host, List<AddressAnswer> answers) {
        if (closed || !hosts.contains(host)) {
            return;
        }
        round.hosts++;
        TreeSet<String> targets = new TreeSet<>();
        boolean answered = false;
        for (AddressAnswer a : answers) {
            round.heard(a.address(), a.targets().isPresent(), a.failure());
            if (a.targets().isPresent()) {
                answered = true;
                targets.addAll(a.targets().get());
            }
        }
        boolean changed = record(new Key(round.tag, host), answered, List.copyOf(targets), clock.instant());
        // Known not to answer: a host awaiting this peer need not wait for its own question to time out too.
        changed |= first.heard(round.tag, answered);
        if (changed) {
            changed();
        }
        first.progressed();
    }

    /** The end of one poll: the peer's and its addresses' reachability. */
    private void finish(PollRound round) {
        if (closed) {
            return;
        }
        Instant last = states.entrySet().stream().filter(e -> e.getKey().tag().equals(round.tag)).map(e -> e.getValue().lastContact())
                .filter(i -> !i.equals(Instant.EPOCH)).max(Instant::compareTo).orElse(null);
        metrics.polled(round.tag, round.anyAnswered, last);
        if (round.anyAnswered) {
            graceLogged.remove(round.tag);
        }
        if (flips.after(round, settings.peerGrace())) {
            changed();
        }
        LOG.debug("Polled peer {} at {} for {} hosts: {}", round.tag, round.addresses, round.hosts,
                round.anyAnswered ? "answered" : "no answer " + round.failures);
    }

    /** Stores one host's new state; true when its targets or reachability changed. */
    private boolean record(Key key, boolean answered, List<String> targets, Instant now) {
        boolean first = !states.containsKey(key);
        PeerState old = states.getOrDefault(key, never(key.tag()));
        if (answered) {
            states.put(key, new PeerState(key.tag(), targets, true, now));
            Optional.ofNullable(graceChecks.remove(key)).ifPresent(f -> f.cancel(false));
            if (!old.targets().equals(targets)) {
                LOG.debug("Peer {} now reports {} for {}", key.tag(), targets, key.host());
            }
            return first || !old.reachable() || !old.targets().equals(targets);
        }
        states.put(key, new PeerState(key.tag(), old.targets(), false, old.lastContact()));
        if (old.reachable()) {
            scheduleGraceCheck(key, old.lastContact());
            return true;
        }
        // The first word about a host, even "no answer", ends its wait.
        return first;
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

    /**
     * One round of edge lookups, then the next one: after {@link PeerDiscovery#REFRESH}, or after one poll interval while
     * a peer's nameservers are still unknown (so a peer missed at start-up is found soon after the edge answers).
     * Never throws.
     */
    private void discover(PeerDiscovery d) {
        CompletableFuture<Map<String, PeerDiscovery.Found>> round;
        try {
            round = d.lookup(settings.peerTimeout(), blocking, blocking);
        } catch (RuntimeException e) {
            LOG.warn("Looking up the peers' nameservers at the edge failed: {}", e.toString(), e);
            round = CompletableFuture.failedFuture(e);
        }
        round.whenCompleteAsync((found, e) -> {
            if (closed) {
                return;
            }
            if (e != null) {
                LOG.warn("Looking up the peers' nameservers at the edge failed: {}", e.toString(), e);
            }
            Map<String, PeerDiscovery.Found> result = found == null ? Map.of() : found;
            List<String> changedTags = d.update(result);
            Set<DnsName> now = hosts;
            boolean news = false;
            for (String tag : settings.discovered()) {
                boolean firstRound = first.discoveryDone(tag);
                PeerDiscovery.Found f = result.get(tag);
                boolean asked = f != null && f.answered() && !f.addresses().get().isEmpty();
                if (asked && (firstRound || changedTags.contains(tag)) && !now.isEmpty()) {
                    // Its nameservers just became known: asked at once, not at the next tick.
                    poll(tag, now);
                } else if (firstRound && d.addresses(tag).isEmpty()) {
                    // The edge could not be asked, or has no nameserver for it: nobody to wait for.
                    news |= first.heard(tag, false);
                }
            }
            if (news) {
                changed();
            }
            first.progressed();
            boolean allKnown = settings.discovered().stream().noneMatch(t -> d.addresses(t).isEmpty());
            long next = (allKnown ? PeerDiscovery.REFRESH : settings.pollInterval()).toMillis();
            try {
                scheduler.schedule(() -> discover(d), next, TimeUnit.MILLISECONDS);
            } catch (RuntimeException ex) {
                // Closed meanwhile.
            }
        }, scheduler);
    }
}
