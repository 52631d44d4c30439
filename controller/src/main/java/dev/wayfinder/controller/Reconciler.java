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
import dev.wayfinder.registry.RegistryView;
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
import java.util.Optional;
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
    private final ResilientApply applier;
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
        this.applier = new ResilientApply(registry);
    }

    /**
     * Runs one pass. A name the provider refuses for good is reported on its objects and the pass
     * goes on; a transient fault (after what could be applied was applied) or the deletion guard
     * makes the pass fail, to be retried.
     */
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
            RegistryView view;
            try {
                view = registry.current();
            } catch (ProviderException e) {
                edns.registryFailed();
                throw e;
            }
            edns.observed(desired.endpoints(), view.records());
            Instant read = clock.instant();
            PlanResult computed = Plan.compute(view.records(), adjusted, registry.ownerId(), policy, filter, desired.held());
            PlanResult plan = new PlanResult(registry.complete(computed.changes(), view, policy), computed.conflicts());
            Instant planned = clock.instant();
            metrics.planned(plan.changes());
            ResilientApply.Outcome outcome = new ResilientApply.Outcome(List.of(), Changes.NONE, Optional.empty());
            if (!dryRun) {
                outcome = applier.apply(plan.changes(), view);
                announce(outcome.applied());
            }
            planListener.accept(plan);
            report(desired.problems(), plan.conflicts(), outcome.refused());
            metrics.managed(ownedAfter(view.records(), outcome.applied()));
            if (!plan.changes().isEmpty() || LOG.isDebugEnabled()) {
                LOG.info("Reconciled {} desired and {} current record sets on {}: {} created, {} updated, {} deleted{}"
                                + " (sources {} ms, read {} ms, plan {} ms, apply {} ms)",
                        adjusted.size(), view.records().size(), registry.provider().name(), outcome.applied().create().size(),
                        outcome.applied().update().size(), outcome.applied().delete().size(),
                        outcome.refused().isEmpty() ? "" : ", " + outcome.refused().size() + " name(s) refused",
                        Duration.between(start, sourced).toMillis(), Duration.between(sourced, read).toMillis(),
                        Duration.between(read, planned).toMillis(), Duration.between(planned, clock.instant()).toMillis());
            }
            if (outcome.retry().isPresent()) {
                edns.registryFailed();
                throw outcome.retry().get();
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

    private void announce(Changes applied) {
        applied.create().forEach(this::published);
        applied.update().stream().map(Update::after).forEach(this::published);
    }

    private void published(Endpoint e) {
        events.emit(e.metadata().resource(), EventSink.Reason.PUBLISHED, false, "published " + e.name() + " " + e.type() + " " + e.targets());
    }

    private List<CurrentRecord> ownedAfter(List<CurrentRecord> current, Changes applied) {
        Map<Endpoint.Key, CurrentRecord> owned = new HashMap<>();
        current.stream().filter(c -> c.ownedBy(registry.ownerId())).forEach(c -> owned.put(c.record().key(), c));
        applied.delete().forEach(e -> owned.remove(e.key()));
        applied.update().forEach(u -> owned.put(u.key(), CurrentRecord.of(u.after())));
        applied.create().forEach(e -> owned.put(e.key(), CurrentRecord.of(e)));
        return List.copyOf(owned.values());
    }

    /** Logs and posts each problem and conflict once while it lasts, so a resync does not repeat them. */
    private void report(List<Problem> problems, List<Conflict> conflicts, List<ResilientApply.Refused> refused) {
        Set<String> now = new HashSet<>();
        for (ResilientApply.Refused r : refused) {
            String id = "refused|" + r.name() + "|" + r.reason();
            if (now.add(id) && !reportedLastPass.contains(id)) {
                LOG.warn("Not applied: {}: {} (objects: {})", r.name(), r.reason(), r.resources().isEmpty() ? "none" : r.resources());
                r.resources().forEach(res -> events.emit(res, EventSink.Reason.REFUSED, true, r.name() + " not applied: " + r.reason()));
            }
        }
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
