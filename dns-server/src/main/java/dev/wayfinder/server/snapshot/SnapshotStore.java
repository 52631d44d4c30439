package dev.wayfinder.server.snapshot;

import dev.wayfinder.model.skydns.SkyDnsEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one place the current snapshot lives: readers take {@link #current()} once per query and
 * keep it for the whole query, writers swap a whole new snapshot in through a single volatile
 * reference, so a query never sees half a watch batch.
 *
 * <p>Two kinds of feeder use it. The etcd feed ({@code server.etcd.EtcdSnapshotFeed}) publishes
 * snapshots built from a range read and watch batches, and reports whether it is in touch with
 * etcd. The embedded mode (the controller's {@code --serve-dns} over its memory provider) calls
 * {@link #replaceAll(long, Collection)} with every record it holds, mapped with
 * {@code SkyDnsMapping.toEntries}, after each change it applies.
 *
 * <p>Staleness is how long the served data may lag the source: zero while the feeder is in touch,
 * else the time since it last was.
 */
public final class SnapshotStore {

    private final Clock clock;
    private volatile ZoneSnapshot current = ZoneSnapshot.empty();
    private volatile boolean loaded;
    private volatile boolean inSync;
    private volatile Instant lastInSync;
    private final java.util.List<java.util.function.Consumer<ZoneSnapshot>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SnapshotStore(Clock clock) {
        this.clock = clock;
        this.lastInSync = clock.instant();
    }

    public ZoneSnapshot current() {
        return current;
    }

    /** Swaps in a snapshot the source has just confirmed as current. */
    public void publish(ZoneSnapshot snapshot) {
        current = snapshot;
        loaded = true;
        markInSync();
        listeners.forEach(l -> l.accept(snapshot));
    }

    /** Called with every snapshot published from now on, on the publishing thread (metrics, tests). */
    public void onPublish(java.util.function.Consumer<ZoneSnapshot> listener) {
        listeners.add(listener);
    }

    /** The embedded seam: the complete set of entries, replacing whatever was there. */
    public void replaceAll(long revision, Collection<SkyDnsEntry> entries) {
        List<SnapshotEntry> decoded = new ArrayList<>(entries.size());
        for (SkyDnsEntry e : entries) {
            decoded.add(SnapshotEntry.of(e.key(), e.record()));
        }
        publish(ZoneSnapshot.of(revision, decoded));
    }

    public void markInSync() {
        inSync = true;
        lastInSync = clock.instant();
    }

    /** The source is unreachable: keep serving, start counting staleness. */
    public void markOutOfSync() {
        if (inSync) {
            lastInSync = clock.instant();
        }
        inSync = false;
    }

    /** True once a first complete snapshot has been published. */
    public boolean isLoaded() {
        return loaded;
    }

    public boolean isInSync() {
        return inSync;
    }

    public Duration staleness() {
        return inSync ? Duration.ZERO : Duration.between(lastInSync, clock.instant());
    }
}
