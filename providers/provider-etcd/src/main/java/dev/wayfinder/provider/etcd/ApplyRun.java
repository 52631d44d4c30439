package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import io.github.resilience4j.retry.Retry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one apply. Small batches go name by name: read the name's keys, plan, commit one
 * guarded transaction, retry on a lost race or a transient failure. Large batches read once (the
 * whole managed area, or each name's keys when the area is much larger than the batch), plan every
 * name against that and pack many names into each transaction,
 * several in flight; a packed transaction whose guards fail falls back to name by name, so one
 * contested name does not hold up the rest.
 */
final class ApplyRun {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdProvider.class);

    /** The whole area is read when it holds at most this many keys per changed name; else each name's keys. */
    static final int AREA_KEYS_PER_NAME = 16;

    /** Concurrent reads when reading name by name. */
    private static final int READ_WINDOW = 64;

    private final EtcdKv kv;
    private final SkyDnsMapping mapping;
    private final NamePlanner planner;
    private final Retry retry;
    private final ScheduledExecutorService scheduler;
    private final EtcdProviderOptions options;
    private final List<KeyRange> area;

    ApplyRun(EtcdKv kv, SkyDnsMapping mapping, NamePlanner planner, Retry retry, ScheduledExecutorService scheduler,
            EtcdProviderOptions options, List<KeyRange> area) {
        this.kv = kv;
        this.mapping = mapping;
        this.planner = planner;
        this.retry = retry;
        this.scheduler = scheduler;
        this.options = options;
        this.area = area;
    }

    List<NameOutcome> run(List<NameChange> names) throws InterruptedException {
        List<CompletableFuture<List<NameOutcome>>> pending = new ArrayList<>();
        Semaphore inFlight = new Semaphore(options.maxInFlight());
        if (names.size() <= options.bulkThreshold()) {
            for (NameChange c : names) {
                inFlight.acquire();
                pending.add(byName(c, false).thenApply(List::of).whenComplete((r, e) -> inFlight.release()));
            }
        } else {
            bulk(names, inFlight, pending);
        }
        List<NameOutcome> out = new ArrayList<>();
        for (CompletableFuture<List<NameOutcome>> f : pending) {
            out.addAll(f.join());
        }
        return out;
    }

    private void bulk(List<NameChange> names, Semaphore inFlight, List<CompletableFuture<List<NameOutcome>>> pending)
            throws InterruptedException {
        Snapshot snapshot;
        try {
            snapshot = retrying(() -> readFor(names)).join();
        } catch (RuntimeException e) {
            pending.add(CompletableFuture.completedFuture(names.stream().map(c -> NameOutcome.failed(c, e)).toList()));
            return;
        }
        List<NameWrite> writes = new ArrayList<>();
        List<NameOutcome> refused = new ArrayList<>();
        for (NameChange c : names) {
            NamePlanner.Plan plan = planner.plan(c, snapshot, false);
            if (plan instanceof NamePlanner.Write w) {
                Optional<String> tooLarge = tooLarge(w.write());
                if (tooLarge.isPresent()) {
                    refused.add(NameOutcome.refused(c, tooLarge.get()));
                } else {
                    writes.add(w.write());
                }
            } else if (plan instanceof NamePlanner.Refused r) {
                refused.add(NameOutcome.refused(c, r.reason()));
            } else if (plan instanceof NamePlanner.Stale s) {
                refused.add(NameOutcome.stale(c, s.reason()));
            }
        }
        pending.add(CompletableFuture.completedFuture(refused));
        for (List<NameWrite> pack : pack(writes)) {
            inFlight.acquire();
            pending.add(commitPack(pack).whenComplete((r, e) -> inFlight.release()));
        }
    }

    /** Splits writes into transactions within etcd's operation limit, never splitting a name or repeating a key. */
    List<List<NameWrite>> pack(List<NameWrite> writes) {
        List<List<NameWrite>> packs = new ArrayList<>();
        List<NameWrite> current = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int ops = 0;
        int compares = 0;
        for (NameWrite w : writes) {
            boolean clash = w.puts().keySet().stream().anyMatch(keys::contains) || w.deletes().stream().anyMatch(keys::contains);
            if (!current.isEmpty() && (clash || ops + w.operations() > options.maxOpsPerTxn()
                    || compares + w.compares() > options.maxOpsPerTxn())) {
                packs.add(current);
                current = new ArrayList<>();
                keys.clear();
                ops = 0;
                compares = 0;
            }
            current.add(w);
            keys.addAll(w.puts().keySet());
            keys.addAll(w.deletes());
            ops += w.operations();
            compares += w.compares();
        }
        if (!current.isEmpty()) {
            packs.add(current);
        }
        return packs;
    }

    private CompletableFuture<List<NameOutcome>> commitPack(List<NameWrite> pack) {
        AtomicBoolean unknownOutcome = new AtomicBoolean();
        return retrying(() -> kv.commit(pack).whenComplete((ok, e) -> {
            if (e != null) {
                unknownOutcome.set(true);
            }
        })).thenCompose(ok -> {
            if (ok) {
                pack.forEach(ApplyRun::logCommitted);
                return CompletableFuture.completedFuture(pack.stream().map(w -> NameOutcome.applied(w.change())).toList());
            }
            LOG.debug("etcd: a transaction of {} names lost a race with another writer; retrying them one by one", pack.size());
            List<CompletableFuture<NameOutcome>> each = pack.stream().map(w -> byName(w.change(), unknownOutcome.get())).toList();
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
        }).exceptionally(e -> pack.stream().map(w -> NameOutcome.failed(w.change(), e)).toList());
    }

    /** One name on its own: read, plan, commit; a lost race or a transient failure starts over. */
    private CompletableFuture<NameOutcome> byName(NameChange change, boolean unknownAtStart) {
        AtomicBoolean unknownOutcome = new AtomicBoolean(unknownAtStart);
        SkyDnsKeys keys = mapping.keys();
        return retrying(() -> kv.read(KeyRange.ofName(keys, change.name()).from(), KeyRange.ofName(keys, change.name()).to())
                .thenCompose(stored -> {
                    NamePlanner.Plan plan = planner.plan(change, Snapshot.of(stored, mapping), unknownOutcome.get());
                    if (plan instanceof NamePlanner.Refused r) {
                        return CompletableFuture.completedFuture(NameOutcome.refused(change, r.reason()));
                    }
                    if (plan instanceof NamePlanner.Stale s) {
                        return CompletableFuture.completedFuture(NameOutcome.stale(change, s.reason()));
                    }
                    if (plan instanceof NamePlanner.Write w) {
                        Optional<String> tooLarge = tooLarge(w.write());
                        return tooLarge.isPresent()
                                ? CompletableFuture.completedFuture(NameOutcome.refused(change, tooLarge.get()))
                                : commitOne(w.write(), unknownOutcome);
                    }
                    LOG.debug("etcd: {} already reads as asked after an attempt with unknown outcome", change.name());
                    return CompletableFuture.completedFuture(NameOutcome.applied(change));
                }))
                .exceptionally(e -> NameOutcome.failed(change, e));
    }

    /** A name whose keys do not fit in one transaction cannot be changed atomically: refused, not split. */
    private Optional<String> tooLarge(NameWrite w) {
        int needed = Math.max(w.operations(), w.compares());
        if (needed <= options.maxOpsPerTxn()) {
            return Optional.empty();
        }
        return Optional.of("needs " + needed + " operations in one transaction, more than etcd allows (" + options.maxOpsPerTxn()
                + ", its --max-txn-ops)");
    }

    private CompletableFuture<NameOutcome> commitOne(NameWrite write, AtomicBoolean unknownOutcome) {
        return kv.commit(List.of(write)).handle((ok, e) -> {
            if (e != null) {
                unknownOutcome.set(true);
                throw new CompletionException(EtcdFailures.unwrap(e));
            }
            if (!ok) {
                throw new EtcdFailures.Conflict(write.change().name() + " changed in etcd while it was being written");
            }
            logCommitted(write);
            return NameOutcome.applied(write.change());
        });
    }

    /**
     * One snapshot for a large batch: the whole managed area when that is not much more than the
     * batch touches (one count, then a few pages), else each name's keys, {@value #READ_WINDOW} at a time.
     */
    private CompletableFuture<Snapshot> readFor(List<NameChange> names) {
        List<CompletableFuture<Long>> counts = area.stream().map(r -> kv.count(r.from(), r.to())).toList();
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            long keys = counts.stream().mapToLong(CompletableFuture::join).sum();
            List<KeyRange> ranges = keys <= (long) names.size() * AREA_KEYS_PER_NAME
                    ? area
                    : names.stream().map(c -> KeyRange.ofName(mapping.keys(), c.name())).toList();
            List<StoredKey> all = new ArrayList<>();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < ranges.size(); i += READ_WINDOW) {
                List<KeyRange> window = ranges.subList(i, Math.min(ranges.size(), i + READ_WINDOW));
                chain = chain.thenCompose(x -> readWindow(window)).thenAccept(all::addAll);
            }
            return chain.thenApply(x -> Snapshot.of(all, mapping));
        });
    }

    private CompletableFuture<List<StoredKey>> readWindow(List<KeyRange> ranges) {
        List<CompletableFuture<List<StoredKey>>> reads = ranges.stream().map(r -> kv.read(r.from(), r.to())).toList();
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<StoredKey> out = new ArrayList<>();
            reads.forEach(r -> out.addAll(r.join()));
            return out;
        });
    }

    private <T> CompletableFuture<T> retrying(Supplier<CompletableFuture<T>> attempt) {
        return retry.executeCompletionStage(scheduler, attempt::get).toCompletableFuture();
    }

    private static void logCommitted(NameWrite w) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("etcd: {} put {} delete {}", w.change().name(), w.puts().keySet(), w.deletes());
        }
    }
}
