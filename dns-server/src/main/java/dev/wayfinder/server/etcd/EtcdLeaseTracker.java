package dev.wayfinder.server.etcd;

import dev.wayfinder.server.snapshot.LeaseTable;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks etcd ({@code LeaseTimeToLive}) how long leases have left and writes the answers into a
 * {@link LeaseTable} as deadlines, so queries compute a lease's remaining TTL without an RPC.
 * At most {@link #PARALLEL} requests are in flight at once; a failed request leaves the lease as
 * it was (unknown leases are ignored by the answerer, as CoreDNS ignores a failed RPC), and a
 * lease etcd no longer has is forgotten.
 */
final class EtcdLeaseTracker {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaseTracker.class);
    static final int PARALLEL = 32;
    /**
     * etcd truncates the remaining time to whole seconds, so the true deadline lies up to 1 s after
     * {@code now + TTL}; half a second is the midpoint, and keeps the TTL read just after learning it equal to etcd's.
     */
    private static final long TRUNCATION_MILLIS = 500;

    private final Lease client;
    private final LeaseTable table;
    private final Clock clock;
    private final Duration timeout;

    EtcdLeaseTracker(Lease client, LeaseTable table, Clock clock, Duration timeout) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Asks about every lease in {@code leases}; completes (never exceptionally) once all answers are in. */
    CompletableFuture<Void> fetch(Collection<Long> leases) {
        List<Long> ids = new ArrayList<>(leases);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < ids.size(); from += PARALLEL) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + PARALLEL));
            chain = chain.thenCompose(v -> CompletableFuture.allOf(chunk.stream().map(this::fetchOne).toArray(CompletableFuture[]::new)));
        }
        return chain;
    }

    private CompletableFuture<Void> fetchOne(long lease) {
        return client.timeToLive(lease, LeaseOption.DEFAULT)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, e) -> {
                    learnt(lease, r, e);
                    return null;
                });
    }

    private void learnt(long lease, LeaseTimeToLiveResponse r, Throwable e) {
        if (e != null) {
            LOG.debug("LeaseTimeToLive for lease {} failed; keeping what is known: {}", Long.toHexString(lease), e.toString());
        } else if (r.getTTL() > 0) {
            table.record(lease, clock.instant().plusSeconds(r.getTTL()).plusMillis(TRUNCATION_MILLIS));
        } else {
            table.forget(lease); // etcd answers -1 for an expired or revoked lease
        }
    }
}
