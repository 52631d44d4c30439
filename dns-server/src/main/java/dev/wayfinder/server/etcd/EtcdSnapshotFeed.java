package dev.wayfinder.server.etcd;

import dev.wayfinder.server.logging.RepeatedWarning;
import dev.wayfinder.server.snapshot.LeaseTable;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import dev.wayfinder.server.snapshot.ZoneSnapshot.Change;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link SnapshotStore} equal to the SkyDNS tree in etcd: a paged range read at one
 * revision R, then a prefix watch from R+1 whose every response (whole transactions) is applied
 * as one new snapshot. Anything that breaks the chain — compaction, a watch error, etcd coming
 * back after being unreachable — triggers a fresh range read and a new watch, with backoff.
 *
 * <p>A probe every {@code probeInterval} tells whether etcd answers; while it does not, the last
 * snapshot keeps being served and {@link SnapshotStore#staleness()} grows. All state changes run
 * on one scheduler thread, so batches are applied in order and never interleave with a re-list.
 *
 * <p>Recovery does not wait for the client: gRPC backs a failed channel's reconnection off up to
 * 120 s (after 150 s down, the channel first tried again 28.8 s after etcd returned, issue 14).
 * A feed made by {@link #reconnecting} therefore probes with a fresh client (no backoff history)
 * every {@value #RETRY_MILLIS} ms while etcd is unreachable, adopts the first one that gets an
 * answer and re-lists at once, so it is current about a second after etcd returns whatever the
 * outage length. The "unreachable" warning is logged once and then with a count at most every
 * minute ({@link RepeatedWarning}).
 */
public final class EtcdSnapshotFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdSnapshotFeed.class);
    private static final int PAGE = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    /** While etcd is unreachable: the pause between probes, and the longest a probe with a fresh client waits. */
    static final long RETRY_MILLIS = 250;
    private static final Duration FRESH_PROBE_TIMEOUT = Duration.ofSeconds(1);

    /** Makes fresh clients (the feed owns them), or null when the caller's client is the only one. */
    private final Supplier<Client> connector;
    private Client client;
    private final ByteSequence prefix;
    private final ByteSequence prefixEnd;
    private final SnapshotStore store;
    private final Duration timeout;
    private final ScheduledExecutorService exec;
    /** Null when leases are not tracked. */
    private final LeaseTable leases;
    private final Clock clock;
    private EtcdLeaseTracker leaseTracker;
    private final Duration leaseRefresh;
    private final RepeatedWarning unreachableWarning = new RepeatedWarning(Duration.ofMinutes(1));
    private Duration probeInterval = Duration.ofSeconds(1);
    private boolean refreshInFlight;
    private Watch.Watcher watcher;
    private long generation;
    private long backoffMillis = 100;
    private boolean resyncPending;
    private boolean reachable = true;

    /** A feed over the caller's client (it stays the caller's to close), ignoring etcd leases. */
    public EtcdSnapshotFeed(Client client, String prefix, SnapshotStore store, Duration timeout) {
        this(null, client, prefix, store, timeout, null, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * A feed over the caller's client that also keeps {@code leases} current: a lease is learnt before
     * the first snapshot holding a key attached to it is published, and every known lease is asked
     * about again every {@code leaseRefresh} (keep-alives move deadlines); leases no key uses any more
     * are dropped. After an outage it is as quick as the client's own reconnection; see {@link #reconnecting}.
     */
    public EtcdSnapshotFeed(Client client, String prefix, SnapshotStore store, Duration timeout, LeaseTable leases,
                            Duration leaseRefresh, Clock clock) {
        this(null, client, prefix, store, timeout, leases, leaseRefresh, clock);
    }

    /**
     * As the constructor with leases ({@code leases} may be null), but the feed makes its clients with
     * {@code connector}, closes them, and replaces one whose channel is backing off by a fresh one as
     * soon as etcd answers again ({@code wayfinder dns}'s form).
     */
    public static EtcdSnapshotFeed reconnecting(Supplier<Client> connector, String prefix, SnapshotStore store, Duration timeout,
                                                LeaseTable leases, Duration leaseRefresh, Clock clock) {
        return new EtcdSnapshotFeed(connector, connector.get(), prefix, store, timeout, leases, leaseRefresh, clock);
    }

    private EtcdSnapshotFeed(Supplier<Client> connector, Client client, String prefix, SnapshotStore store, Duration timeout,
                             LeaseTable leases, Duration leaseRefresh, Clock clock) {
        this.connector = connector;
        this.client = client;
        this.leases = leases;
        this.clock = clock;
        this.leaseRefresh = leaseRefresh;
        this.leaseTracker = leases == null ? null : new EtcdLeaseTracker(client.getLeaseClient(), leases, clock, timeout);
        if (leases != null && (leaseRefresh.isZero() || leaseRefresh.isNegative())) {
            throw new IllegalArgumentException("lease refresh interval must be positive, not " + leaseRefresh);
        }
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        this.prefix = ByteSequence.from(p);
        byte[] end = Arrays.copyOf(p, p.length);
        end[end.length - 1]++;
        this.prefixEnd = ByteSequence.from(end);
        this.store = store;
        this.timeout = timeout;
        ScheduledThreadPoolExecutor one = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "etcd-snapshot-feed");
            t.setDaemon(true);
            return t;
        });
        one.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a probe due later must not hold up close()
        this.exec = one;
    }

    /** Starts the first load (asynchronously) and the reachability probe, every {@code probeInterval} while etcd answers. */
    public void start(Duration probeInterval) {
        this.probeInterval = probeInterval;
        scheduleResync(0);
        exec.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (leases != null) {
            exec.scheduleWithFixedDelay(this::refreshLeases, leaseRefresh.toMillis(), leaseRefresh.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleResync(long delayMillis) {
        if (!resyncPending) {
            resyncPending = true;
            exec.schedule(this::resync, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void resync() {
        resyncPending = false;
        cancelWatch();
        try {
            long started = System.nanoTime();
            ZoneSnapshot snapshot = list();
            if (leases != null) {
                Set<Long> live = LeaseTable.leasesOf(snapshot.entries());
                leases.retainOnly(live);
                awaitLeases(live.stream().filter(l -> !leases.knows(l)).toList());
            }
            store.publish(snapshot);
            long gen = ++generation;
            WatchOption opt = WatchOption.builder().withRange(prefixEnd).withRevision(snapshot.revision() + 1).build();
            watcher = client.getWatchClient().watch(prefix, opt, Watch.listener(
                    r -> post(() -> onWatch(gen, r)),
                    e -> post(() -> onWatchError(gen, e)),
                    () -> post(() -> onWatchError(gen, null))));
            LOG.info("Loaded {} SkyDNS keys under {} at etcd revision {} in {} ms; watching from {}", snapshot.size(),
                    prefix, snapshot.revision(), (System.nanoTime() - started) / 1_000_000, snapshot.revision() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The probe takes over: it re-lists as soon as etcd answers again.
            unreachable("cannot read the SkyDNS tree", e);
        }
    }

    /** Every key under the prefix at one revision, page by page; each page is decoded (on all cores) while the next one is read. */
    private ZoneSnapshot list() throws Exception {
        List<CompletableFuture<List<SnapshotEntry>>> pages = new ArrayList<>();
        ByteSequence from = prefix;
        long revision = 0;
        while (true) {
            GetOption.Builder b = GetOption.builder().withRange(prefixEnd).withLimit(PAGE)
                    .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND);
            if (revision != 0) {
                b.withRevision(revision);
            }
            GetResponse page = client.getKVClient().get(from, b.build()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (revision == 0) {
                revision = page.getHeader().getRevision();
            }
            List<KeyValue> got = page.getKvs();
            pages.add(CompletableFuture.supplyAsync(() -> got.parallelStream()
                    .map(kv -> SnapshotEntry.decode(ZoneSnapshot.key(kv.getKey().getBytes()), kv.getValue().getBytes(), kv.getLease()))
                    .toList()));
            if (!page.isMore() || got.isEmpty()) {
                break;
            }
            byte[] last = got.get(got.size() - 1).getKey().getBytes();
            from = ByteSequence.from(Arrays.copyOf(last, last.length + 1));
        }
        List<SnapshotEntry> entries = new ArrayList<>();
        for (CompletableFuture<List<SnapshotEntry>> p : pages) {
            entries.addAll(p.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        return ZoneSnapshot.of(revision, entries);
    }

    private void onWatch(long gen, WatchResponse response) {
        if (gen != generation) {
            return;
        }
        List<WatchEvent> events = response.getEvents();
        store.markInSync();
        backoffMillis = 100;
        if (events.isEmpty()) {
            return;
        }
        List<Change> changes = new ArrayList<>(events.size());
        Set<Long> newLeases = new HashSet<>();
        for (WatchEvent ev : events) {
            KeyValue kv = ev.getKeyValue();
            String key = ZoneSnapshot.key(kv.getKey().getBytes());
            if (ev.getEventType() == WatchEvent.EventType.PUT) {
                changes.add(new Change(key, kv.getValue().getBytes(), kv.getLease()));
                if (leases != null && kv.getLease() != 0 && !leases.knows(kv.getLease())) {
                    newLeases.add(kv.getLease());
                }
            } else {
                changes.add(Change.delete(key));
            }
        }
        awaitLeases(newLeases);
        long rev = response.getHeader().getRevision();
        ZoneSnapshot next = store.current().apply(rev, changes);
        store.publish(next);
        LOG.debug("Applied {} change(s) at etcd revision {}", changes.size(), rev);
    }

    private void onWatchError(long gen, Throwable e) {
        if (gen != generation) {
            return;
        }
        LOG.warn("The etcd watch on {} ended ({}); reading the tree again", prefix, e == null ? "completed" : e.toString());
        scheduleResync(backoffMillis);
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2); // a watch that keeps ending is not re-read in a tight loop
    }

    /** Learns these leases before the snapshot using them is published, so its first answers already carry the lease TTL. */
    private void awaitLeases(Collection<Long> unknown) {
        if (unknown.isEmpty()) {
            return;
        }
        try {
            leaseTracker.fetch(unknown).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Could not learn the TTL of {} etcd lease(s) in time; their keys use their own ttl until the next refresh: {}",
                    unknown.size(), e.toString());
        }
    }

    /** Asks again about every lease a key uses (off the query path, one round at a time) and forgets the rest. */
    private void refreshLeases() {
        if (refreshInFlight) {
            return;
        }
        Set<Long> live = LeaseTable.leasesOf(store.current().entries());
        leases.retainOnly(live);
        if (live.isEmpty()) {
            return;
        }
        refreshInFlight = true;
        leaseTracker.fetch(live).whenComplete((v, e) -> post(() -> refreshInFlight = false));
    }

    /**
     * Is etcd answering? Asked asynchronously so a slow etcd never holds up watch batches; while it
     * is not, asked with a fresh client when the feed makes its own, and more often. One at a time:
     * the next probe is scheduled when this one completes.
     */
    private void probe() {
        boolean fresh = !reachable && connector != null;
        Client c;
        try {
            c = fresh ? connector.get() : client;
        } catch (RuntimeException e) {
            probed(null, e, false);
            return;
        }
        Duration limit = fresh && FRESH_PROBE_TIMEOUT.compareTo(timeout) < 0 ? FRESH_PROBE_TIMEOUT : timeout;
        c.getKVClient().get(prefix, GetOption.builder().withCountOnly(true).withLimit(1).build())
                .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    if (!post(() -> probed(c, e, fresh)) && fresh) {
                        c.close();
                    }
                });
    }

    /** Marks staleness while etcd does not answer; when it answers again, adopts the probe's client and re-lists. */
    private void probed(Client prober, Throwable failure, boolean fresh) {
        if (failure == null) {
            if (fresh) {
                adopt(prober);
            }
            if (!reachable) {
                reachable = true;
                long now = System.nanoTime();
                LOG.info("etcd is reachable again after {} s; reloading the SkyDNS tree", unreachableWarning.episode(now).toSeconds());
                unreachableWarning.ended(now).ifPresent(summary -> LOG.warn("etcd was unreachable{}", summary));
                scheduleResync(0);
            } else if (watcher != null) {
                store.markInSync();
            }
        } else {
            if (fresh) {
                prober.close();
            }
            unreachable("no answer to the probe", failure);
        }
        long next = reachable ? probeInterval.toMillis() : RETRY_MILLIS;
        try {
            exec.schedule(this::probe, next, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.trace("feed closed; no more probes");
        }
    }

    /** etcd did not answer: keep serving, count staleness, warn (repeats counted, not logged each time). */
    private void unreachable(String what, Throwable cause) {
        reachable = false;
        store.markOutOfSync();
        unreachableWarning.occurred("etcd is unreachable (" + what + ": " + cause + "); serving the last snapshot, revision "
                + store.current().revision(), System.nanoTime()).ifPresent(LOG::warn);
    }

    /** Swaps in a client that has just reached etcd; the old one (its channel perhaps backing off) is closed. */
    private void adopt(Client fresh) {
        cancelWatch();
        Client old = client;
        client = fresh;
        if (leases != null) {
            leaseTracker = new EtcdLeaseTracker(fresh.getLeaseClient(), leases, clock, timeout);
        }
        old.close();
    }

    /** Runs on the feed thread; after {@link #close()} callbacks from jetcd are simply dropped (false). */
    private boolean post(Runnable task) {
        try {
            exec.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.trace("feed closed; dropping a callback");
            return false;
        }
    }

    private void cancelWatch() {
        generation++;
        if (watcher != null) {
            try {
                watcher.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the etcd watcher: {}", e.toString());
            }
            watcher = null;
        }
    }

    /** Stops following etcd; closes the client too when the feed made it ({@link #reconnecting}). */
    @Override
    public void close() {
        exec.execute(this::cancelWatch);
        exec.shutdown();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exec.shutdownNow();
        if (connector != null) {
            client.close();
        }
    }
}
