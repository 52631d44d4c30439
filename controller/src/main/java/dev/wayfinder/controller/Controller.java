package dev.wayfinder.controller;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.SourceKind;
import dev.wayfinder.gslb.GslbParts;
import dev.wayfinder.gslb.GslbSource;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.plan.PlanResult;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.registry.Registry;
import dev.wayfinder.server.ops.HealthCheck;
import dev.wayfinder.source.KubernetesSources;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.source.api.SourceResult;
import dev.wayfinder.source.api.SourceScope;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: informers feeding coalescing reconcile loops, one per provider, each
 * planning against its own registry within its own domain scope. Providers never share a pass, so
 * one that fails (and backs off) neither delays nor changes what another publishes. Built from parts
 * so tests and the CLI assemble it the same way.
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    static final Duration SETTLE = Duration.ofMillis(25);
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    /**
     * A provider and the names it is responsible for (the plan never touches a name outside them).
     *
     * @param extra       endpoints desired on this provider only (the GSLB edge delegation goes to the edge DNS, never to etcd)
     * @param withSources whether the sources' endpoints go to this provider too (not for the edge writer, which holds
     *                    only the delegation: the records themselves are served below it, by the cluster's own DNS)
     */
    public record Target(DnsProvider provider, DomainFilter scope, List<Endpoint> extra, boolean withSources) {
        public Target {
            extra = List.copyOf(extra);
        }

        public Target(DnsProvider provider, DomainFilter scope) {
            this(provider, scope, List.of(), true);
        }

        /** The edge DNS's provider under GSLB: this cluster's NS and glue in the parent zone, nothing else. */
        public static Target edgeOnly(DnsProvider provider, DomainFilter scope, List<Endpoint> delegation) {
            return new Target(provider, scope, delegation, false);
        }
    }

    private final KubernetesSources sources;
    private final GslbSource gslb;
    private final NestedNames nested;
    private final ControllerMetrics metrics;
    private final List<Lane> lanes;
    private final Runnable trigger;
    private final long minTtl;
    private volatile CompletableFuture<Void> synced;
    // Events trigger passes only once the loops run; with --once the passes run on the caller's thread alone.
    private volatile boolean looping;

    /** One provider's registry, reconciler and loop, and how its last passes went. */
    private static final class Lane {
        final DnsProvider provider;
        final Registry registry;
        final Reconciler reconciler;
        final ReconcileLoop loop;
        final AtomicLong lastSuccess = new AtomicLong();
        final AtomicLong failuresInARow = new AtomicLong();

        Lane(DnsProvider provider, Registry registry, Reconciler reconciler, Duration interval, Duration settle) {
            this.provider = provider;
            this.registry = registry;
            this.reconciler = reconciler;
            this.loop = new ReconcileLoop(this::pass, interval, settle, MIN_BACKOFF, MAX_BACKOFF);
        }

        PlanResult pass() throws Exception {
            try {
                PlanResult plan = reconciler.reconcile();
                failuresInARow.set(0);
                lastSuccess.set(System.currentTimeMillis());
                return plan;
            } catch (RuntimeException e) {
                failuresInARow.incrementAndGet();
                throw e;
            } catch (Exception e) {
                failuresInARow.incrementAndGet();
                throw new ProviderPassFailed(provider.name(), e);
            }
        }
    }

    /** A failed pass, naming the provider so the loop's warning says which one. */
    static final class ProviderPassFailed extends Exception {
        ProviderPassFailed(String provider, Exception cause) {
            super("provider " + provider + ": " + cause, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** One provider, scoped by the configuration's domain filter. */
    public Controller(ControllerConfig config, KubernetesClient client, DnsProvider provider, MeterRegistry meters,
                      EventSink events, Consumer<PlanResult> planListener) {
        this(config, client, List.of(new Target(provider, config.domainFilter())), meters, events, planListener);
    }

    public Controller(ControllerConfig config, KubernetesClient client, List<Target> targets, MeterRegistry meters,
                      EventSink events, Consumer<PlanResult> planListener) {
        this(config, client, targets, meters, events, planListener, GslbParts.NONE);
    }

    /** With {@code --source=gslb}, the Gslb source runs on {@code gslb}'s peers, probe and reporter. */
    public Controller(ControllerConfig config, KubernetesClient client, List<Target> targets, MeterRegistry meters,
                      EventSink events, Consumer<PlanResult> planListener, GslbParts gslbParts) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one provider is required");
        }
        this.metrics = new ControllerMetrics(meters);
        // The lanes are created before the informers so their first events have somewhere to go.
        List<Lane> built = new ArrayList<>();
        Runnable onChange = () -> {
            if (looping) {
                built.forEach(l -> l.loop.trigger());
            }
        };
        KubernetesSources.Scope scope = new KubernetesSources.Scope(config.sources(), config.namespace(),
                config.labelFilter(), config.annotationFilter());
        this.sources = new KubernetesSources(client, scope, config.loop().sources(), onChange);
        this.minTtl = config.loop().minTtl();
        SourceScope gslbScope = new SourceScope(config.namespace(), config.labelFilter(), config.annotationFilter());
        this.gslb = config.sources().contains(SourceKind.GSLB) && config.gslb().isPresent()
                ? new GslbSource(client, gslbScope, config.gslb().get(), gslbParts, Clock.systemUTC(), onChange, !config.dryRun()) : null;
        this.trigger = onChange;
        this.nested = new NestedNames(events);
        Consumer<PlanResult> afterPass = config.dryRun() ? planListener : plan -> {
            planListener.accept(plan);
            sources.acknowledgeDnsEndpoints(client);
        };
        // --provider-cache-time bounds how long a read is reused; unset, a resync reads afresh.
        Duration cacheFor = config.loop().providerCacheTime().isZero() ? config.interval() : config.loop().providerCacheTime();
        Duration settle = config.loop().minEventSyncInterval().compareTo(SETTLE) > 0 ? config.loop().minEventSyncInterval() : SETTLE;
        for (Target t : targets) {
            Registry registry = new Registry(t.provider(), config.ownerId(), config.deletionGuard(), cacheFor, Clock.systemUTC(),
                    config.registry());
            Reconciler reconciler = new Reconciler(() -> desired(t), registry, config.policy(), t.scope(), events, metrics,
                    config.dryRun(), afterPass, Clock.systemUTC());
            built.add(new Lane(t.provider(), registry, reconciler, config.interval(), settle));
        }
        this.lanes = List.copyOf(built);
    }

    /**
     * Everything desired on one provider: the sources', the Gslbs' and that provider's own extras; each published name
     * with names beneath it is told (once while it lasts) what CoreDNS's subtree read answers for it.
     */
    private SourceResult desired(Target t) {
        if (!t.withSources()) {
            return new SourceResult(t.extra(), List.of());
        }
        List<SourceResult> parts = new ArrayList<>(3);
        SourceResult plain = withMinTtl(sources.endpoints());
        if (gslb != null) {
            SourceResult balanced = gslb.endpoints(NestedNames.published(plain.endpoints()));
            parts.add(GslbPrecedence.apply(plain, gslb.claimed()));
            parts.add(balanced);
        } else {
            parts.add(plain);
        }
        if (!t.extra().isEmpty()) {
            parts.add(new SourceResult(t.extra(), List.of()));
        }
        SourceResult all = SourceResult.concat(parts);
        nested.report(all.endpoints());
        return all;
    }

    /** {@code --min-ttl}: the TTL of source records whose object sets none (ExternalDNS's post-processor). */
    private SourceResult withMinTtl(SourceResult r) {
        if (minTtl <= 0) {
            return r;
        }
        return new SourceResult(r.endpoints().stream().map(e -> e.hasTtl() ? e : e.withTtl(minTtl)).toList(), r.problems());
    }

    /** Asks every loop for a pass soon (a peer or probe verdict changed); ignored until the loops run. */
    public void trigger() {
        trigger.run();
    }

    /** Starts the informers and, once their caches are loaded, the loops; never plans from a half-loaded cache. */
    public void start() {
        // Read the providers while the informers list the API, so the first passes find them loaded.
        for (Lane lane : lanes) {
            CompletableFuture.runAsync(() -> {
                try {
                    lane.registry.current();
                } catch (Exception e) {
                    LOG.warn("Could not read provider {} ahead of the first pass (it will be retried): {}", lane.provider.name(), e.toString());
                }
            });
        }
        synced = startSources();
        synced.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.error("The Kubernetes informers did not start: {}", failure.toString());
            } else {
                LOG.info("Kubernetes caches loaded; reconciling");
                looping = true;
                lanes.forEach(l -> l.loop.start());
            }
        });
    }

    /**
     * {@code --once}: load the caches, run one pass per provider, return their plans. Every provider
     * gets its pass; the first failure is thrown afterwards, with the others suppressed.
     */
    public List<PlanResult> runOnce(Duration syncTimeout) throws Exception {
        synced = startSources();
        try {
            synced.get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kubernetes caches did not load within " + syncTimeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Kubernetes informers did not start: " + e.getCause(), e.getCause());
        }
        if (gslb != null) {
            // One decision per host here: made from the peers' first answers, not from "never heard of".
            gslb.awaitFirstAnswers(syncTimeout);
        }
        List<PlanResult> plans = new ArrayList<>();
        Exception failure = null;
        for (Lane lane : lanes) {
            try {
                plans.add(lane.pass());
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return plans;
    }

    private CompletableFuture<Void> startSources() {
        return gslb == null ? sources.start() : CompletableFuture.allOf(sources.start(), gslb.start());
    }

    /** Completes when the informers' caches have loaded (after {@link #start()}). */
    public CompletableFuture<Void> cachesLoaded() {
        return synced;
    }

    public ControllerMetrics metrics() {
        return metrics;
    }

    /** Liveness: the process is alive and its loop has not given up (it never does; it backs off). */
    public List<HealthCheck> liveness() {
        return List.of(HealthCheck.of("reconcile-loop", () -> HealthCheck.Result.ok("running")));
    }

    /**
     * Readiness: the Kubernetes caches are loaded and watching, and the last pass reached the
     * provider. A standby replica that has not started (it waits for the Lease) reports ready, so
     * it does not hold up a rollout.
     */
    public List<HealthCheck> readiness() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(
                HealthCheck.of("kubernetes", () -> synced == null ? HealthCheck.Result.ok("standby: waiting to lead")
                        : sources.hasSynced() && sources.isWatching() && (gslb == null || gslb.hasSynced() && gslb.isWatching())
                        ? HealthCheck.Result.ok("caches loaded and watching")
                        : HealthCheck.Result.failing("informers not synced or not watching the API"))),
                lanes.stream().map(this::providerCheck)).toList();
    }

    private HealthCheck providerCheck(Lane lane) {
        return HealthCheck.of("provider " + lane.provider.name(), () -> synced == null ? HealthCheck.Result.ok("standby: waiting to lead")
                : lane.lastSuccess.get() > 0 && lane.failuresInARow.get() == 0
                ? HealthCheck.Result.ok("last reconcile succeeded")
                : HealthCheck.Result.failing(lane.lastSuccess.get() == 0 ? "no successful reconcile yet"
                        : lane.failuresInARow.get() + " reconciles failed in a row"));
    }

    @Override
    public void close() {
        lanes.forEach(l -> l.loop.close());
        sources.close();
        if (gslb != null) {
            gslb.close();
        }
    }
}
