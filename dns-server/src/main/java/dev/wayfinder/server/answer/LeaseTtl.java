package dev.wayfinder.server.answer;

import dev.wayfinder.server.snapshot.LeaseTable;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import java.time.Duration;
import java.time.Instant;

/**
 * CoreDNS's record TTL (≥ 1.12.4, {@code coredns-etcd-plugin.md} §5.3): a key's etcd lease, when
 * it has one and its remaining TTL is known and positive, is clamped to [{@code min}, {@code max}]
 * and competes with the record's own {@code ttl}; the smaller wins, and with neither the TTL is 300.
 *
 * @param leases deadlines of the leases keys are attached to (kept current by the etcd feed)
 * @param min    CoreDNS's {@code min-lease-ttl}, seconds
 * @param max    CoreDNS's {@code max-lease-ttl}, seconds
 */
public record LeaseTtl(LeaseTable leases, long min, long max) {

    public static final long DEFAULT_MIN = 30;
    public static final long DEFAULT_MAX = 86_400;

    /** Default bounds over {@code leases}. */
    public static LeaseTtl defaults(LeaseTable leases) {
        return new LeaseTtl(leases, DEFAULT_MIN, DEFAULT_MAX);
    }

    /** No lease is ever known (the embedded server, whose records have no leases). */
    public static LeaseTtl none() {
        return defaults(new LeaseTable());
    }

    /** The TTL of every RR made from {@code entry} at {@code now}. */
    public long of(SnapshotEntry entry, Instant now) {
        long lease = 0;
        Instant deadline = leases.deadline(entry.lease());
        if (deadline != null) {
            lease = clamp(Duration.between(now, deadline).getSeconds(), min, max);
        }
        return effective(entry.record().ttl(), lease);
    }

    /**
     * The lease TTL CoreDNS uses for a lease with {@code remaining} seconds left: 0 (none) unless
     * positive, else clamped, in CoreDNS's order (below min → min, else above max → max).
     */
    public static long clamp(long remaining, long min, long max) {
        if (remaining <= 0) {
            return 0;
        }
        if (remaining < min) {
            return min;
        }
        return remaining > max ? max : remaining;
    }

    /** Neither a lease TTL nor {@code ttl} → 300; only one → that one; both → the smaller. 0 means absent. */
    public static long effective(long recordTtl, long leaseTtl) {
        if (leaseTtl == 0) {
            return recordTtl == 0 ? Rrs.DEFAULT_TTL : recordTtl;
        }
        return recordTtl == 0 ? leaseTtl : Math.min(leaseTtl, recordTtl);
    }
}
