package dev.wayfinder.gslb;

import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.GslbValidationException;
import dev.wayfinder.gslb.health.ServiceHealth;
import dev.wayfinder.gslb.kube.AnnotatedIngresses;
import dev.wayfinder.gslb.kube.ExposedTargets;
import dev.wayfinder.gslb.kube.GslbBinding;
import dev.wayfinder.gslb.kube.GslbInformers;
import dev.wayfinder.gslb.kube.IngressWriter;
import dev.wayfinder.gslb.records.GslbRecords;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.gslb.status.GslbStatus;
import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.GslbInput;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.GslbStrategy;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.LocalHealth;
import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import dev.wayfinder.source.api.SourceScope;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --source=gslb}: turns each Gslb into its {@code localtargets-<host>} and {@code <host>} records
 * from this cluster's health, the peers' answers and the strategy. Level-triggered like the other sources:
 * every call recomputes from the caches. It keeps only what the strategy needs across passes (the
 * previous decision per Gslb and host, for the failback hold-down) and the last valid spec of each Gslb,
 * so a Gslb edited into an invalid state keeps serving what it served (with the problem reported) instead
 * of vanishing from DNS. Thread-safe: every provider lane calls {@link #endpoints()}.
 */
public final class GslbSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GslbSource.class);
    private static final Duration WAKE_MARGIN = Duration.ofMillis(50);

    private final GslbSettings settings;
    private final GslbParts parts;
    private final Clock clock;
    private final Runnable onChange;
    private final GslbInformers caches;
    private final IngressWriter writer;
    private final AnnotatedIngresses annotated;
    private final ScheduledExecutorService wake;
    // Guarded by this.
    private final Map<String, GslbDecision> decisions = new HashMap<>();
    private final Map<String, GslbSpec> lastValid = new HashMap<>();
    private Instant nextWake = Instant.MAX;
    private volatile Set<DnsName> claimed = Set.of();

    /**
     * @param writeIngresses false in dry-run: the managed Ingresses of embedded-mode Gslbs are not written
     */
    public GslbSource(KubernetesClient client, SourceScope scope, GslbSettings settings, GslbParts parts, Clock clock,
                      Runnable onChange, boolean writeIngresses) {
        this.settings = settings;
        this.parts = parts;
        this.clock = clock;
        this.onChange = onChange;
        this.caches = new GslbInformers(client, scope, onChange);
        this.writer = writeIngresses ? new IngressWriter(client, clock) : null;
        this.annotated = writeIngresses ? new AnnotatedIngresses(client, clock) : null;
        this.wake = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gslb-wake");
            t.setDaemon(true);
            return t;
        });
    }

    public CompletableFuture<Void> start() {
        return caches.start();
    }

    public boolean hasSynced() {
        return caches.hasSynced();
    }

    public boolean isWatching() {
        return caches.isWatching();
    }

    /** Every Gslb's records and problems, recomputed now; the peers are told which hosts to poll. */
    public synchronized SourceResult endpoints() {
        Instant now = clock.instant();
        List<SourceResult> results = new ArrayList<>();
        Set<DnsName> hosts = new TreeSet<>();
        Set<String> keys = new HashSet<>();
        Map<String, GslbSpec> seen = new HashMap<>();
        List<ResourceDefinitionContext> groups = caches.groups();
        if (annotated != null && !groups.isEmpty()) {
            // The Gslbs created here are read on the pass their watch event triggers.
            results.add(new SourceResult(List.of(), annotated.sync(caches.allIngresses(), caches::gslb, groups.get(groups.size() - 1))));
        }
        Map<DnsName, String> owners = new HashMap<>();
        for (GenericKubernetesResource r : oldestFirst(caches.gslbs())) {
            String uid = Optional.ofNullable(r.getMetadata().getUid()).orElse(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
            String resource = "gslb/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
            int before = results.size();
            Optional<GslbSpec> spec = spec(uid, r, resource, results);
            boolean valid = results.size() == before;
            if (spec.isPresent()) {
                seen.put(uid, spec.get());
                try {
                    SourceResult computed = gslb(uid, spec.get(), now, hosts, keys, owners);
                    results.add(computed);
                    valid &= computed.problems().isEmpty();
                } catch (RuntimeException e) {
                    LOG.warn("Could not compute the records of {}", resource, e);
                    results.add(new SourceResult(List.of(), List.of(new Problem(resource, "(object)", "could not be computed: " + e))));
                    valid = false;
                }
            }
            parts.reporter().passed(r.getMetadata().getNamespace(), r.getMetadata().getName(), valid);
        }
        lastValid.entrySet().removeIf(e -> {
            if (!seen.containsKey(e.getKey())) {
                parts.reporter().forget(e.getValue());
                return true;
            }
            return false;
        });
        decisions.keySet().retainAll(keys);
        parts.peers().track(hosts);
        Set<DnsName> names = new HashSet<>(hosts);
        hosts.forEach(h -> names.add(GslbRecords.localTargetsName(h)));
        claimed = Set.copyOf(names);
        return SourceResult.concat(results);
    }

    /**
     * The names the Gslbs claim as of the last {@link #endpoints()}: every host and its {@code localtargets-} name,
     * published or not (a host answering NXDOMAIN because every cluster is down is still the Gslb's).
     */
    public Set<DnsName> claimed() {
        return claimed;
    }

    /** The parsed Gslb; when it is invalid, the problems and the last valid spec (if it ever had one). */
    private Optional<GslbSpec> spec(String uid, GenericKubernetesResource r, String resource, List<SourceResult> out) {
        try {
            GslbSpec spec = GslbParser.parse(r, settings.peerGrace());
            lastValid.put(uid, spec);
            return Optional.of(spec);
        } catch (GslbValidationException e) {
            List<Problem> problems = e.problems().stream().map(p -> Problem.of(resource, p)).toList();
            Optional<GslbSpec> last = Optional.ofNullable(lastValid.get(uid));
            LOG.debug("{} is invalid{}: {}", resource, last.isPresent() ? " (still serving its last valid spec)" : "", e.getMessage());
            out.add(new SourceResult(List.of(), problems));
            return last;
        }
    }


    /**
     * Two Gslbs may claim one host (in two namespaces, or one in each API group); their record sets differ by geo tag, so
     * publishing both would blend their answers. The oldest keeps it, decided the same way in every pass.
     */
    private static List<GenericKubernetesResource> oldestFirst(List<GenericKubernetesResource> gslbs) {
        return gslbs.stream().sorted(java.util.Comparator
                .comparing((GenericKubernetesResource r) -> Objects.requireNonNullElse(r.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(r -> Objects.requireNonNullElse(r.getMetadata().getUid(), ""))
                .thenComparing(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())).toList();
    }

    private SourceResult gslb(String uid, GslbSpec spec, Instant now, Set<DnsName> allHosts, Set<String> keys,
                              Map<DnsName, String> owners) {
        String resource = spec.resource();
        List<Problem> problems = new ArrayList<>();
        GslbBinding binding = GslbBinding.of(spec, caches);
        binding.problems().forEach(p -> problems.add(Problem.of(resource, p)));
        if (writer != null) {
            writer.ensure(spec, uid, binding.ingress()).ifPresent(p -> problems.add(Problem.of(resource, p)));
        }
        ExposedTargets.Result exposed = ExposedTargets.of(spec, binding.exposure(), parts.hostnames());
        exposed.problems().forEach(p -> problems.add(Problem.of(resource, p)));
        List<Endpoint> records = new ArrayList<>();
        List<HostOutcome> outcomes = new ArrayList<>();
        for (GslbBinding.Host host : binding.hosts()) {
            String owner = owners.putIfAbsent(host.name(), resource);
            if (owner != null) {
                problems.add(new Problem(resource, host.field(), host.name() + " is already balanced by the older " + owner
                        + "; this Gslb's answer for it is left out"));
                continue;
            }
            allHosts.add(host.name());
            parts.peers().awaitFirstPoll(host.name(), firstPollLimit());
            String key = uid + "|" + host.name();
            keys.add(key);
            HostOutcome outcome = outcome(spec, host, exposed.targets(), decisions.get(key), now);
            decisions.put(key, outcome.decision());
            outcomes.add(outcome);
            SourceResult r = GslbRecords.of(resource, host.field(), outcome, spec.policy().ttlSeconds());
            records.addAll(r.endpoints());
            problems.addAll(r.problems());
            wakeForHoldDown(spec.policy(), outcome.decision(), now);
            wakeForGrace(spec.policy(), outcome.peers(), now);
        }
        parts.reporter().report(spec, outcomes, served(binding, exposed.targets()));
        return new SourceResult(records, problems);
    }

    /** k8gb's status.loadBalancer and status.servers: the bound hosts inside this cluster's zones. */
    private GslbStatus.Served served(GslbBinding binding, List<String> exposed) {
        List<GslbStatus.Server> servers = binding.hosts().stream()
                .filter(h -> settings.zones().isEmpty() || settings.zones().stream().anyMatch(z -> h.name().isAtOrBelow(z)))
                .map(h -> new GslbStatus.Server(h.name().toString(), h.services())).toList();
        return new GslbStatus.Served(exposed, servers);
    }

    private HostOutcome outcome(GslbSpec spec, GslbBinding.Host host, List<String> exposed, GslbDecision previous, Instant now) {
        // Each backing Service is looked up where the reference put it (k8gb's status.servers), not in the Gslb's namespace.
        List<ServiceHealth.Backing> backing = host.services().stream()
                .map(s -> new ServiceHealth.Backing(s.namespace().equals(spec.namespace()) ? s.name() : s.toString(),
                        caches.service(s.namespace(), s.name()).isPresent(), ServiceHealth.readyEndpoints(caches.slicesOf(s.namespace(), s.name()))))
                .toList();
        ServiceHealth.Verdict verdict = ServiceHealth.of(spec.serviceHealthPolicy(), backing, spec.policy().minHealthyEndpoints());
        List<String> targets = exposed;
        if (spec.probe().isPresent() && verdict.health() == HostHealth.HEALTHY && !exposed.isEmpty()) {
            targets = parts.probe().passing(spec.probe().get(), exposed);
            verdict = ServiceHealth.probed(verdict, exposed, targets, spec.probe().get());
        }
        if (verdict.health() == HostHealth.HEALTHY && targets.isEmpty()) {
            verdict = new ServiceHealth.Verdict(HostHealth.HEALTHY, verdict.reason() + ", but no exposed address yet", verdict.readyEndpoints());
        }
        LocalHealth local = new LocalHealth(verdict.readyEndpoints(), verdict.health() == HostHealth.HEALTHY ? targets : List.of());
        List<PeerState> peers = parts.peers().peers(host.name());
        GslbDecision decision = GslbStrategy.decide(new GslbInput(spec.policy(), settings.clusterGeoTag(), local, peers,
                Optional.ofNullable(previous), now));
        return new HostOutcome(host.name(), verdict.health(), verdict.reason(), local, peers, decision);
    }

    /** Long enough for a peer's UDP timeout and a TCP retry. */
    private Duration firstPollLimit() {
        return settings.peerTimeout().multipliedBy(2).plusMillis(250);
    }

    /** A held failback ends by the clock, not by an event: ask for a pass when the hold-down runs out. */
    private void wakeForHoldDown(GslbPolicy policy, GslbDecision decision, Instant now) {
        if (decision.reason().code() != GslbDecision.Code.FAILBACK_HELD) {
            return;
        }
        Instant at = decision.healthySince().values().stream().map(s -> s.plus(policy.failbackHoldDown()))
                .filter(t -> t.isAfter(now)).min(Instant::compareTo).orElse(null);
        wakeAt(at, now);
    }

    /**
     * An unreachable peer's last-known targets stop counting by the clock: ask for a pass when this Gslb's grace
     * (which may differ from the poller's default) runs out.
     */
    private void wakeForGrace(GslbPolicy policy, List<PeerState> peers, Instant now) {
        peers.stream().filter(p -> !p.reachable() && !p.targets().isEmpty()).map(p -> p.lastContact().plus(policy.peerGrace()))
                .filter(t -> t.isAfter(now)).min(Instant::compareTo).ifPresent(at -> wakeAt(at, now));
    }

    private void wakeAt(Instant at, Instant now) {
        if (at == null || (nextWake.isAfter(now) && !at.isBefore(nextWake))) {
            return;
        }
        nextWake = at;
        wake.schedule(onChange, Duration.between(now, at).plus(WAKE_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        wake.shutdownNow();
        caches.close();
    }
}
