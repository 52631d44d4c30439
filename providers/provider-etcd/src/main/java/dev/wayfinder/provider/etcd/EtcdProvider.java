package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import io.etcd.jetcd.Client;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SkyDNS records in etcd, for stock CoreDNS's {@code etcd} plugin.
 *
 * <p>Every key of one DNS name changes in one transaction guarded by the mod revisions read, so
 * CoreDNS never serves half a change and a concurrent writer is detected, never overwritten.
 * Ownership is checked per key against the stored {@code owner} field. Values written by others
 * that are not SkyDNS records are logged with their key and skipped. Transient etcd failures
 * (unavailable, timeouts, lost races) are retried with exponential backoff; what is left after
 * the last attempt, and every permanent failure, is reported as a {@link ProviderException}.
 *
 * <p>The jetcd {@link Client} belongs to the caller, who closes it; {@link #close()} stops only
 * this provider's retry scheduler.
 */
public final class EtcdProvider implements DnsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdProvider.class);

    /** Failed names spelled out in one exception message. */
    private static final int MAX_LISTED = 20;

    private final SkyDnsMapping mapping;
    private final DomainFilter filter;
    private final EtcdProviderOptions options;
    private final EtcdKv kv;
    private final Retry retry;
    private final ScheduledExecutorService scheduler;
    private final NamePlanner planner;

    public EtcdProvider(Client client, SkyDnsMapping mapping, DomainFilter filter) {
        this(client, mapping, filter, EtcdProviderOptions.defaults());
    }

    public EtcdProvider(Client client, SkyDnsMapping mapping, DomainFilter filter, EtcdProviderOptions options) {
        this(client, mapping, filter, options, false);
    }

    /**
     * @param strictlyOwned ExternalDNS's {@code --coredns-strictly-owned}: several owners keep record sets
     *                      side by side under one name, each change seeing only its own owner's keys
     */
    public EtcdProvider(Client client, SkyDnsMapping mapping, DomainFilter filter, EtcdProviderOptions options, boolean strictlyOwned) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.options = Objects.requireNonNull(options, "options");
        this.kv = new EtcdKv(client.getKVClient(), options.rpcTimeout(), options.pageSize());
        this.planner = new NamePlanner(mapping, strictlyOwned);
        this.retry = Retry.of("etcd", RetryConfig.custom()
                .maxAttempts(options.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(options.initialBackoff(), 2.0, 0.5,
                        options.maxBackoff()))
                .retryOnException(EtcdFailures::isTransient)
                .build());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etcd-provider-retry");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public DomainFilter domainFilter() {
        return filter;
    }

    /** ExternalDNS's coredns provider keeps its records and TXT registry here too. */
    @Override
    public boolean holdsExternalDnsRecords() {
        return true;
    }

    /** etcd calls made so far (range pages and transactions), for benchmarks and metrics. */
    public long roundTrips() {
        return kv.roundTrips();
    }

    @Override
    public List<Endpoint> records() throws ProviderException {
        Map<String, SkyDnsEntry> entries = new LinkedHashMap<>();
        for (StoredKey k : readArea()) {
            if (k.entry().isPresent()) {
                entries.put(k.key(), k.entry().get());
            } else {
                LOG.warn("etcd: skipping key {}: {}", k.key(), k.problem());
            }
        }
        List<Endpoint> all = mapping.toEndpoints(entries.values(),
                (key, reason) -> LOG.warn("etcd: skipping key {}: {}", key, reason));
        return all.stream().filter(e -> filter.matches(e.name())).toList();
    }

    private List<StoredKey> readArea() throws ProviderException {
        List<KeyRange> ranges = area();
        try {
            List<CompletableFuture<List<StoredKey>>> reads = ranges.stream()
                    .map(r -> retry.executeCompletionStage(scheduler, () -> kv.read(r.from(), r.to())).toCompletableFuture())
                    .toList();
            Map<String, StoredKey> byKey = new LinkedHashMap<>();
            for (CompletableFuture<List<StoredKey>> read : reads) {
                read.join().forEach(k -> byKey.putIfAbsent(k.key(), k));
            }
            return new ArrayList<>(byKey.values());
        } catch (CompletionException e) {
            throw failure("cannot read " + mapping.keys().prefix() + " from etcd", e);
        }
    }

    /** The key ranges holding every name of the filter: one per included domain not below another, else the prefix. */
    private List<KeyRange> area() {
        if (filter.include().isEmpty()) {
            return List.of(KeyRange.underPrefix(mapping.keys()));
        }
        List<DnsName> tops = filter.include().stream()
                .filter(d -> filter.include().stream().noneMatch(o -> !o.equals(d) && d.isAtOrBelow(o)))
                .distinct().toList();
        return tops.stream().map(d -> KeyRange.ofName(mapping.keys(), d)).toList();
    }

    /** Fills in the default TTL and puts targets in the form reading them back yields. */
    @Override
    public Endpoint adjust(Endpoint desired) {
        return planner.readBack(desired);
    }

    @Override
    public void apply(Changes changes) throws ProviderException {
        if (changes.isEmpty()) {
            return;
        }
        List<String> refusals = NameChange.refusals(changes, filter, mapping);
        if (!refusals.isEmpty()) {
            throw ProviderException.permanent("etcd: refused " + changes.size() + " change(s), nothing applied: "
                    + String.join("; ", refusals));
        }
        List<NameChange> names = NameChange.group(changes);
        List<NameOutcome> outcomes;
        try {
            outcomes = new ApplyRun(kv, mapping, planner, retry, scheduler, options, area()).run(names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure("etcd: interrupted while applying " + changes.size() + " change(s)", e);
        }
        report(names.size(), outcomes);
    }

    private static void report(int total, List<NameOutcome> outcomes) throws ProviderException {
        List<NameOutcome> bad = new ArrayList<>();
        for (NameOutcome o : outcomes) {
            if (o.result() != NameOutcome.Result.APPLIED) {
                bad.add(o);
            } else if (LOG.isInfoEnabled()) {
                LOG.info("etcd: {}", o.change().describe());
            }
        }
        if (bad.isEmpty()) {
            return;
        }
        reportFailures(total, bad);
    }

    private static void reportFailures(int total, List<NameOutcome> bad) throws ProviderException {
        // A large batch against an unreachable etcd fails every name alike: name a few, count the rest.
        String detail = bad.stream().limit(MAX_LISTED).map(o -> o.change().name() + ": " + o.detail())
                .collect(Collectors.joining("; ")) + (bad.size() > MAX_LISTED ? "; and " + (bad.size() - MAX_LISTED) + " more" : "");
        String message = "etcd: applied " + (total - bad.size()) + " of " + total + " name(s); not applied: " + detail;
        LOG.warn(message);
        throw ProviderException.partial(message, bad.stream().map(o -> new ProviderException.NameFailure(o.change().name(), o.detail(),
                o.result() == NameOutcome.Result.FAILED_TRANSIENT)).toList(), null);
    }

    private static ProviderException failure(String what, Throwable e) {
        String message = what + ": " + EtcdFailures.describe(e);
        return EtcdFailures.isTransient(e)
                ? ProviderException.transientFailure(message, EtcdFailures.unwrap(e))
                : ProviderException.permanent(message, EtcdFailures.unwrap(e));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    @Override
    public String toString() {
        return "EtcdProvider{prefix=" + mapping.keys().prefix() + ", filter=" + filter + "}";
    }
}
