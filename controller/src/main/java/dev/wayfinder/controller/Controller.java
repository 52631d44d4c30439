package dev.wayfinder.controller;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.plan.PlanResult;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.registry.Registry;
import dev.wayfinder.server.ops.HealthCheck;
import dev.wayfinder.source.KubernetesSources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: informers feeding a coalescing reconcile loop that plans against the
 * registry and applies through the provider. Built from parts so tests and the CLI assemble it the same way.
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    static final Duration SETTLE = Duration.ofMillis(25);
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    private final KubernetesSources sources;
    private final Reconciler reconciler;
    private final ReconcileLoop loop;
    private final ControllerMetrics metrics;
    private final DnsProvider provider;
    private final Registry registry;
    private volatile CompletableFuture<Void> synced;
    // Events trigger passes only once the loop runs; with --once the single pass runs on the caller's thread alone.
    private volatile boolean looping;

    public Controller(ControllerConfig config, KubernetesClient client, DnsProvider provider, MeterRegistry meters,
                      EventSink events, Consumer<PlanResult> planListener) {
        this.provider = provider;
        this.metrics = new ControllerMetrics(meters);
        // The loop is created before the informers so their first events have somewhere to go.
        ReconcileLoop[] self = new ReconcileLoop[1];
        this.sources = new KubernetesSources(client, new KubernetesSources.Scope(config.sources(), config.namespace(),
                config.labelFilter(), config.annotationFilter()), () -> {
                    if (looping) {
                        self[0].trigger();
                    }
                });
        this.registry = new Registry(provider, config.ownerId(), config.deletionGuard(), config.interval(), Clock.systemUTC());
        Consumer<PlanResult> afterPass = config.dryRun() ? planListener : plan -> {
            planListener.accept(plan);
            sources.acknowledgeDnsEndpoints(client);
        };
        this.reconciler = new Reconciler(sources::endpoints, registry, config.policy(), config.domainFilter(), events, metrics,
                config.dryRun(), afterPass, Clock.systemUTC());
        this.loop = new ReconcileLoop(reconciler::reconcile, config.interval(), SETTLE, MIN_BACKOFF, MAX_BACKOFF);
        self[0] = loop;
    }

    /** Starts the informers and, once their caches are loaded, the loop; never plans from a half-loaded cache. */
    public void start() {
        // Read the provider while the informers list the API, so the first pass finds it loaded.
        CompletableFuture.runAsync(() -> {
            try {
                registry.current();
            } catch (Exception e) {
                LOG.warn("Could not read the provider ahead of the first pass (it will be retried): {}", e.toString());
            }
        });
        synced = sources.start();
        synced.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.error("The Kubernetes informers did not start: {}", failure.toString());
            } else {
                LOG.info("Kubernetes caches loaded; reconciling");
                looping = true;
                loop.start();
            }
        });
    }

    /** {@code --once}: load the caches, run one pass, return its plan. */
    public PlanResult runOnce(Duration syncTimeout) throws Exception {
        synced = sources.start();
        try {
            synced.get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kubernetes caches did not load within " + syncTimeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Kubernetes informers did not start: " + e.getCause(), e.getCause());
        }
        return reconciler.reconcile();
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
        return List.of(
                HealthCheck.of("kubernetes", () -> synced == null ? HealthCheck.Result.ok("standby: waiting to lead")
                        : sources.hasSynced() && sources.isWatching()
                        ? HealthCheck.Result.ok("caches loaded and watching")
                        : HealthCheck.Result.failing("informers not synced or not watching the API")),
                HealthCheck.of("provider " + provider.name(), () -> synced == null ? HealthCheck.Result.ok("standby: waiting to lead")
                        : metrics.lastSuccessEpochSecond() > 0 && metrics.consecutiveErrors() == 0
                        ? HealthCheck.Result.ok("last reconcile succeeded")
                        : HealthCheck.Result.failing(metrics.lastSuccessEpochSecond() == 0 ? "no successful reconcile yet"
                                : metrics.consecutiveErrors() + " reconciles failed in a row")));
    }

    @Override
    public void close() {
        loop.close();
        sources.close();
    }
}
