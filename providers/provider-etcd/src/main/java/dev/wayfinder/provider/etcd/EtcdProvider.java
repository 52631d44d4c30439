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
import java.util.Optional;
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
 * <p>While its {@link EtcdSession} knows etcd to be unreachable, reads and applies fail at once
 * (transient) instead of waiting out deadlines and retries, and lost-connection failures are not
 * retried within the call: the session says when etcd answers again.
 *
 * <p>The jetcd {@link Client} or the session belongs to the caller, who closes it; {@link #close()}
 * stops only this provider's retry scheduler (and the session it made around a caller's client).
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
    private final EtcdSession session;
    /** The session made around a caller's client, closed with the provider; null when the session is the caller's. */
    private final EtcdSession ownSession;

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
        this(EtcdSession.of(client, mapping.keys().prefix()), true, mapping, filter, options, strictlyOwned);
    }

    /** Over a session the caller owns (and closes): the controller's form, whose client is replaced after an outage. */
    public EtcdProvider(EtcdSession session, SkyDnsMapping mapping, DomainFilter filter, EtcdProviderOptions options, boolean strictlyOwned) {
        this(session, false, mapping, filter, options, strictlyOwned);
    }

    private EtcdProvider(EtcdSession session, boolean ownsSession, SkyDnsMapping mapping, DomainFilter filter, EtcdProviderOptions options,
                         boolean strictlyOwned) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.options = Objects.requireNonNull(options, "options");
        this.session = Objects.requireNonNull(session, "session");
        this.ownSession = ownsSession ? session : null;
        this.kv = new EtcdKv(session, options.rpcTimeout(), options.pageSize());
        this.planner = new NamePlanner(mapping, strictlyOwned);
        this.retry = Retry.of("etcd", RetryConfig.custom()
                .maxAttempts(options.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(options.initialBackoff(), 2.0, 0.5,
                        options.maxBackoff()))
                // Once the session knows etcd is away, waiting out more deadlines tells nothing new.
                .retryOnException(e -> EtcdFailures.isTransient(e) && !(EtcdFailures.isUnreachable(e) && session.outage().isPresent()))
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

    /** The session the provider's calls go through. */
    public EtcdSession session() {
        return session;
    }

    /** Fails at once, transiently, while the session knows etcd to be unreachable. */
    private void reachable(String what) throws ProviderException {
        Optional<EtcdSession.Outage> outage = session.outage();
        if (outage.isPresent()) {
            throw ProviderException.transientFailure("etcd: cannot " + what + ": " + outage.get().describe(), null);
        }
    }

    @Override
    public List<Endpoint> records() throws ProviderException {
        reachable("read " + mapping.keys().prefix());
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
        reachable("apply " + changes.size() + " change(s)");
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
        if (EtcdFailures.isTransient(e)) {
            return ProviderException.transientFailure(message, EtcdFailures.unwrap(e));
        }
        // The controller logs the failure itself (once, then counted); the whole cause only at DEBUG.
        LOG.debug("{} (not retried)", message, EtcdFailures.unwrap(e));
        return ProviderException.permanent(message, EtcdFailures.unwrap(e));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (ownSession != null) {
            ownSession.close();
        }
    }

    @Override
    public String toString() {
        return "EtcdProvider{prefix=" + mapping.keys().prefix() + ", filter=" + filter + "}";
    }
}
