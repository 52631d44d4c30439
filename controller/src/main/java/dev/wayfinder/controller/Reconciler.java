package dev.wayfinder.controller;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.plan.Conflict;
import dev.wayfinder.plan.CurrentRecord;
import dev.wayfinder.plan.Plan;
import dev.wayfinder.plan.PlanResult;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.registry.DeletionRefusedException;
import dev.wayfinder.registry.Registry;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile: desired endpoints from the sources, current records from the registry, the plan
 * between them, then apply (or, in dry-run, hand the plan to a listener). Bad input and
 * conflicts become log lines and Events, each once while it lasts.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Supplier<SourceResult> sources;
    private final Registry registry;
    private final Policy policy;
    private final DomainFilter filter;
    private final EventSink events;
    private final ControllerMetrics metrics;
    private final boolean dryRun;
    private final Consumer<PlanResult> planListener;
    private final Clock clock;
    private Set<String> reportedLastPass = Set.of();
    private Map<Endpoint, Endpoint> adjustedLastPass = Map.of();

    public Reconciler(Supplier<SourceResult> sources, Registry registry, Policy policy, DomainFilter filter, EventSink events,
                      ControllerMetrics metrics, boolean dryRun, Consumer<PlanResult> planListener, Clock clock) {
        this.sources = sources;
        this.registry = registry;
        this.policy = policy;
        this.filter = filter;
        this.events = events;
        this.metrics = metrics;
        this.dryRun = dryRun;
        this.planListener = planListener;
        this.clock = clock;
    }

    /** Runs one pass; throws when the provider fails or the deletion guard refuses, having applied nothing of that batch. */
    public PlanResult reconcile() throws ProviderException, DeletionRefusedException {
        Instant start = clock.instant();
        ExternalDnsMetrics edns = metrics.externalDns();
        edns.attempted(start.getEpochSecond());
        try {
            SourceResult desired;
            try {
                desired = sources.get();
            } catch (RuntimeException e) {
                edns.sourceFailed();
                throw e;
            }
            List<Endpoint> adjusted = adjustAll(desired.endpoints());
            Instant sourced = clock.instant();
            List<CurrentRecord> current;
            try {
                current = registry.current();
            } catch (ProviderException e) {
                edns.registryFailed();
                throw e;
            }
            edns.observed(desired.endpoints(), current);
            Instant read = clock.instant();
            PlanResult plan = Plan.compute(current, adjusted, registry.ownerId(), policy, filter);
            Instant planned = clock.instant();
            report(desired.problems(), plan.conflicts());
            metrics.planned(plan.changes());
            if (dryRun) {
                planListener.accept(plan);
            } else {
                try {
                    applyResiliently(plan.changes(), current);
                } catch (ProviderException e) {
                    edns.registryFailed();
                    throw e;
                }
                planListener.accept(plan);
            }
            metrics.managed(ownedAfter(current, plan));
            if (!plan.changes().isEmpty() || LOG.isDebugEnabled()) {
                LOG.info("Reconciled {} desired and {} current record sets on {}: {} created, {} updated, {} deleted"
                                + " (sources {} ms, read {} ms, plan {} ms, apply {} ms)",
                        adjusted.size(), current.size(), registry.provider().name(), plan.changes().create().size(), plan.changes().update().size(),
                        plan.changes().delete().size(), Duration.between(start, sourced).toMillis(), Duration.between(sourced, read).toMillis(),
                        Duration.between(read, planned).toMillis(), Duration.between(planned, clock.instant()).toMillis());
            }
            metrics.succeeded(Duration.between(start, clock.instant()), clock.instant().getEpochSecond());
            edns.synced(clock.instant().getEpochSecond(), !plan.changes().isEmpty());
            return plan;
        } catch (ProviderException | DeletionRefusedException | RuntimeException e) {
            metrics.failed(Duration.between(start, clock.instant()));
            edns.softError();
            throw e;
        }
    }

    /** The provider's read-back form of each desired endpoint, reusing last pass's result for unchanged ones. */
    private List<Endpoint> adjustAll(List<Endpoint> desired) {
        Map<Endpoint, Endpoint> last = adjustedLastPass;
        Map<Endpoint, Endpoint> next = new java.util.concurrent.ConcurrentHashMap<>(desired.size() * 2);
        List<Endpoint> out = desired.parallelStream().map(e -> {
            Endpoint a = last.get(e);
            if (a == null) {
                a = registry.adjust(e);
            }
            next.put(e, a);
            return a;
        }).toList();
        adjustedLastPass = next;
        return out;
    }

    /**
     * Applies the plan in one batch; when the provider refuses the batch for good (one name it cannot
     * take), applies it name by name so every other name still goes through, and reports the refused
     * names on their objects. Transient failures propagate, to be retried with backoff.
     */
    private void applyResiliently(Changes changes, List<CurrentRecord> current) throws ProviderException, DeletionRefusedException {
        try {
            registry.apply(changes, current);
            announce(changes);
            return;
        } catch (ProviderException e) {
            if (e.isTransient() || changes.keys().map(Endpoint.Key::name).distinct().count() <= 1) {
                throw e;
            }
            LOG.warn("The provider refused the batch of {} change(s); applying them name by name: {}", changes.size(), e.getMessage());
        }
        for (Changes one : byName(changes)) {
            try {
                registry.apply(one, current);
                announce(one);
            } catch (ProviderException e) {
                if (e.isTransient()) {
                    throw e;
                }
                Set<String> resources = new java.util.TreeSet<>();
                one.create().forEach(x -> resources.add(x.metadata().resource()));
                one.update().forEach(u -> resources.add(u.after().metadata().resource()));
                one.delete().forEach(x -> resources.add(x.metadata().resource()));
                for (String resource : resources) {
                    LOG.warn("Not published for {}: {}", resource, e.getMessage());
                    events.emit(resource, EventSink.Reason.INVALID, true, "not published: " + e.getMessage());
                }
            }
        }
    }

    private static List<Changes> byName(Changes changes) {
        Map<dev.wayfinder.model.DnsName, List<Endpoint>> create = new java.util.TreeMap<>();
        Map<dev.wayfinder.model.DnsName, List<Update>> update = new java.util.TreeMap<>();
        Map<dev.wayfinder.model.DnsName, List<Endpoint>> delete = new java.util.TreeMap<>();
        changes.create().forEach(e -> create.computeIfAbsent(e.name(), n -> new java.util.ArrayList<>()).add(e));
        changes.update().forEach(u -> update.computeIfAbsent(u.key().name(), n -> new java.util.ArrayList<>()).add(u));
        changes.delete().forEach(e -> delete.computeIfAbsent(e.name(), n -> new java.util.ArrayList<>()).add(e));
        Set<dev.wayfinder.model.DnsName> names = new java.util.TreeSet<>(create.keySet());
        names.addAll(update.keySet());
        names.addAll(delete.keySet());
        return names.stream().map(n -> new Changes(create.getOrDefault(n, List.of()), update.getOrDefault(n, List.of()),
                delete.getOrDefault(n, List.of()))).toList();
    }

    private void announce(Changes applied) {
        applied.create().forEach(this::published);
        applied.update().stream().map(Update::after).forEach(this::published);
    }

    private void published(Endpoint e) {
        events.emit(e.metadata().resource(), EventSink.Reason.PUBLISHED, false, "published " + e.name() + " " + e.type() + " " + e.targets());
    }

    private List<CurrentRecord> ownedAfter(List<CurrentRecord> current, PlanResult plan) {
        if (dryRun) {
            return current.stream().filter(c -> c.ownedBy(registry.ownerId())).toList();
        }
        Map<Endpoint.Key, CurrentRecord> owned = new HashMap<>();
        current.stream().filter(c -> c.ownedBy(registry.ownerId())).forEach(c -> owned.put(c.record().key(), c));
        plan.changes().delete().forEach(e -> owned.remove(e.key()));
        plan.changes().update().forEach(u -> owned.put(u.key(), CurrentRecord.of(u.after())));
        plan.changes().create().forEach(e -> owned.put(e.key(), CurrentRecord.of(e)));
        return List.copyOf(owned.values());
    }

    /** Logs and posts each problem and conflict once while it lasts, so a resync does not repeat them. */
    private void report(List<Problem> problems, List<Conflict> conflicts) {
        Set<String> now = new HashSet<>();
        for (Problem p : problems) {
            String id = "invalid|" + p;
            if (now.add(id) && !reportedLastPass.contains(id)) {
                LOG.warn("Invalid input on {}: {}: {}", p.resource(), p.field(), p.message());
                events.emit(p.resource(), EventSink.Reason.INVALID, true, p.field() + ": " + p.message());
            }
        }
        for (Conflict c : conflicts) {
            String id = "conflict|" + c.message();
            if (now.add(id) && !reportedLastPass.contains(id)) {
                LOG.warn("Conflict: {}", c.message());
                events.emit(c.loser(), EventSink.Reason.CONFLICT, true, c.message());
            }
        }
        metrics.observed(conflicts.size(), (int) problems.stream().map(Problem::resource).distinct().count());
        reportedLastPass = Set.copyOf(now);
    }
}
