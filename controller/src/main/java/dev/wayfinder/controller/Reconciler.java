package dev.wayfinder.controller;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.plan.Conflict;
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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
 *
 * <p>A pass plans every name when it must — the first, the one after a failure, the one after the
 * registry read the provider afresh, and at least one every {@code fullEvery} — and otherwise only
 * the names whose desired or published record sets changed since the last pass (and the names tied
 * to them, {@link NameScope}), with the names the last pass could not settle. The plan and the
 * registry decide each name from the records at it and at names tied to it, so the changes, the
 * conflicts and the counts are those of a pass over every name; the pass costs what changed.
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
    private final Duration fullEvery;
    private final DesiredIndex desiredIndex;
    private final Tallies tallies = new Tallies();
    private Set<String> reportedLastPass = Set.of();
    // Names planned with changes that were not applied (refused, or a dry run): planned again next pass.
    private Set<DnsName> unsettled = Set.of();
    // Names a source held undecided on the last pass: one that is held or let go is planned even if its records did not change.
    private Set<DnsName> heldLastPass = Set.of();
    private boolean needWhole = true;
    private Instant lastWhole = Instant.MIN;
    private volatile NameScope lastScope = NameScope.WHOLE;

    /** Plans every name on every pass. */
    public Reconciler(Supplier<SourceResult> sources, Registry registry, Policy policy, DomainFilter filter, EventSink events,
                      ControllerMetrics metrics, boolean dryRun, Consumer<PlanResult> planListener, Clock clock) {
        this(sources, registry, policy, filter, events, metrics, dryRun, planListener, clock, Duration.ZERO);
    }

    /** Plans every name at least every {@code fullEvery} (zero: on every pass), and in between what changed. */
    public Reconciler(Supplier<SourceResult> sources, Registry registry, Policy policy, DomainFilter filter, EventSink events,
                      ControllerMetrics metrics, boolean dryRun, Consumer<PlanResult> planListener, Clock clock, Duration fullEvery) {
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
        this.fullEvery = fullEvery;
        this.desiredIndex = new DesiredIndex(registry::ties);
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
            DesiredIndex.Update wanted = desiredIndex.update(desired.endpoints(), registry::adjust);
            Instant sourced = clock.instant();
            NameScope scope;
            RegistryView view;
            try {
                scope = scope(heldChanged(wanted.changed(), desired.held()), registry.changes(), start);
                lastScope = scope;
                view = scope.whole() ? registry.current() : registry.currentAt(scope.names());
            } catch (ProviderException e) {
                edns.registryFailed();
                throw e;
            }
            List<Endpoint> adjusted = scope.whole() ? wanted.adjusted() : desiredIndex.at(scope.names());
            Collection<DnsName> names = scope.whole() ? namesOf(view, adjusted) : scope.names();
            if (scope.whole()) {
                tallies.clear();
            }
            tallies.read(names, view.records(), adjusted);
            edns.observed(desired.endpoints().size(), desiredIndex.byType(), tallies.visibleTotal(), tallies.visibleByType(),
                    tallies.verifiedByType());
            Instant read = clock.instant();
            PlanResult computed = Plan.compute(view.records(), adjusted, registry.ownerId(), policy, filter, desired.held());
            tallies.conflicts(names, computed.conflicts());
            PlanResult plan = new PlanResult(registry.complete(computed.changes(), view, policy, scope.whole()), tallies.conflicts());
            Instant planned = clock.instant();
            metrics.planned(plan.changes());
            ResilientApply.Outcome outcome = new ResilientApply.Outcome(List.of(), Changes.NONE, Optional.empty());
            if (!dryRun) {
                outcome = applier.apply(plan.changes(), view, scope.whole());
                announce(outcome.applied());
            }
            unsettled = unsettled(plan.changes(), outcome.applied());
            planListener.accept(plan);
            report(desired.problems(), plan.conflicts(), outcome.refused());
            tallies.held(names, view.records(), outcome.applied(), registry.ownerId());
            metrics.managed(tallies.heldByType());
            if (!plan.changes().isEmpty() || LOG.isDebugEnabled()) {
                LOG.info("Reconciled {} desired and {} current record sets on {} ({}): {} created, {} updated, {} deleted{}"
                                + " (sources {} ms, read {} ms, plan {} ms, apply {} ms)",
                        wanted.adjusted().size(), tallies.visibleTotal(), registry.provider().name(),
                        scope.whole() ? "every name" : scope.names().size() + " name(s) planned", outcome.applied().create().size(),
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
            needWhole = false;
            if (scope.whole()) {
                lastWhole = start;
            }
            return plan;
        } catch (ProviderException | DeletionRefusedException | RuntimeException e) {
            needWhole = true;
            metrics.failed(Duration.between(start, clock.instant()));
            edns.softError();
            throw e;
        }
    }

    /** What the last pass planned: every name, or which. */
    NameScope lastScope() {
        return lastScope;
    }

    /**
     * Every name, or the names to plan: those whose desired record sets changed, those the registry's
     * copy changed at (this loop's applies), those the last pass left unsettled, and their ties.
     */
    /** The names whose desired records changed, with those newly held and those no longer held. */
    private Set<DnsName> heldChanged(Set<DnsName> desiredChanged, Set<DnsName> held) {
        if (held.equals(heldLastPass)) {
            return desiredChanged;
        }
        Set<DnsName> out = new HashSet<>(desiredChanged);
        held.stream().filter(n -> !heldLastPass.contains(n)).forEach(out::add);
        heldLastPass.stream().filter(n -> !held.contains(n)).forEach(out::add);
        heldLastPass = held;
        return out;
    }

    private NameScope scope(Set<DnsName> desiredChanged, Optional<Set<DnsName>> registryChanged, Instant now) {
        if (needWhole || registryChanged.isEmpty() || fullEvery.isZero() || !now.isBefore(lastWhole.plus(fullEvery))) {
            return NameScope.WHOLE;
        }
        Set<DnsName> seeds = new HashSet<>(desiredChanged);
        seeds.addAll(registryChanged.get());
        seeds.addAll(unsettled);
        if (seeds.size() > Math.max(1000, tallies.names() / 4)) {
            return NameScope.WHOLE; // most names changed (the pass after a start): cheaper taken whole
        }
        return NameScope.closure(seeds, (name, into) -> {
            registry.tiesOf(name, into);
            desiredIndex.tiesOf(name, into);
        });
    }

    /** Every name a pass over every name counts: those read, and those desired. */
    private static Collection<DnsName> namesOf(RegistryView view, List<Endpoint> desired) {
        Set<DnsName> names = new HashSet<>();
        view.records().forEach(c -> names.add(c.record().name()));
        desired.forEach(e -> names.add(e.name()));
        return names;
    }

    /** The names of {@code planned} that {@code applied} does not carry out. */
    private static Set<DnsName> unsettled(Changes planned, Changes applied) {
        if (planned.isEmpty()) {
            return Set.of();
        }
        Set<DnsName> names = new HashSet<>();
        planned.keys().forEach(k -> names.add(k.name()));
        applied.keys().forEach(k -> names.remove(k.name()));
        return names;
    }

    private void announce(Changes applied) {
        applied.create().forEach(this::published);
        applied.update().stream().map(Update::after).forEach(this::published);
    }

    private void published(Endpoint e) {
        events.emit(e.metadata().resource(), EventSink.Reason.PUBLISHED, false, "published " + e.name() + " " + e.type() + " " + e.targets());
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
