package dev.wayfinder.server.snapshot;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each etcd lease that snapshot keys are attached to runs out, as last learnt from etcd.
 * The etcd feed learns and refreshes deadlines off the query path; queries read them and
 * subtract the current time, so answering never costs an RPC (CoreDNS asks {@code LeaseTimeToLive}
 * for every returned key of every query). Thread-safe.
 */
public final class LeaseTable {

    private final Map<Long, Instant> deadlines = new ConcurrentHashMap<>();

    /** When {@code lease} runs out, or null when it is unknown (not learnt yet, expired, revoked). */
    public Instant deadline(long lease) {
        return lease == 0 ? null : deadlines.get(lease);
    }

    public boolean knows(long lease) {
        return deadlines.containsKey(lease);
    }

    public void record(long lease, Instant deadline) {
        deadlines.put(lease, deadline);
    }

    /** The lease is gone (etcd reports no TTL for it): its keys fall back to their own {@code ttl}. */
    public void forget(long lease) {
        deadlines.remove(lease);
    }

    /** Drops every lease no longer attached to any key. */
    public void retainOnly(Collection<Long> live) {
        deadlines.keySet().retainAll(live instanceof Set<?> ? live : new HashSet<>(live));
    }

    public Set<Long> known() {
        return Set.copyOf(deadlines.keySet());
    }

    /** The distinct leases these keys are attached to. */
    public static Set<Long> leasesOf(Collection<SnapshotEntry> entries) {
        Set<Long> out = new HashSet<>();
        for (SnapshotEntry e : entries) {
            if (e.lease() != 0) {
                out.add(e.lease());
            }
        }
        return out;
    }
}
