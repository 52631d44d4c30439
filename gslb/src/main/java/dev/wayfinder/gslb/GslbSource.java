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
import dev.wayfinder.gslb.status.GslbConditions;
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
import dev.wayfinder.source.api.Subtrees;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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

    /** Every Gslb's records and problems, recomputed now, with no other source's names to check nesting against. */
    public SourceResult endpoints() {
        return endpoints(List.of());
    }

    /**
     * Every Gslb's records and problems, recomputed now; the peers are told which hosts to poll. A host some peer has not
     * answered about yet is not decided: its {@code localtargets-} record is published (peers read it), its answer is
     * held as it is published until a later pass — the peer poller asks for one as soon as the answer is in, and this
     * source wakes itself when the wait runs out. Nothing here waits on the network.
     *
     * @param others the names the other sources publish, against which each Gslb host's names beneath are checked
     */
    public synchronized SourceResult endpoints(Collection<Subtrees.Published> others) {
        Instant now = clock.instant();
        List<SourceResult> results = new ArrayList<>();
        Set<DnsName> hosts = new TreeSet<>();
        Map<String, GslbSpec> seen = new HashMap<>();
        List<ResourceDefinitionContext> groups = caches.groups();
        if (annotated != null && !groups.isEmpty()) {
            // The Gslbs created here are read on the pass their watch event triggers.
            results.add(new SourceResult(List.of(), annotated.sync(caches.allIngresses(), caches::gslb, groups.get(groups.size() - 1))));
        }
        Map<DnsName, String> owners = new HashMap<>();
        List<Bound> bound = new ArrayList<>();
        for (GenericKubernetesResource r : oldestFirst(caches.gslbs())) {
            String uid = Optional.ofNullable(r.getMetadata().getUid()).orElse(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
            String resource = "gslb/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
            int before = results.size();
            Optional<GslbSpec> spec = spec(uid, r, resource, results);
            boolean specValid = results.size() == before;
            if (spec.isEmpty()) {
                parts.reporter().passed(r.getMetadata().getNamespace(), r.getMetadata().getName(), false);
                continue;
            }
            seen.put(uid, spec.get());
            try {
                bound.add(bind(uid, spec.get(), owners, specValid));
            } catch (RuntimeException e) {
                LOG.warn("Could not compute the records of {}", resource, e);
                results.add(new SourceResult(List.of(), List.of(new Problem(resource, "(object)", "could not be computed: " + e))));
                parts.reporter().passed(r.getMetadata().getNamespace(), r.getMetadata().getName(), false);
            }
        }
        bound.forEach(b -> b.hosts().forEach(h -> hosts.add(h.host().name())));
        // Before deciding: a new host is asked about at once, and its wait for the peers' first answers starts now.
        parts.peers().track(hosts);
        Set<String> keys = new HashSet<>();
        List<Decided> decided = bound.stream().map(b -> decide(b, now, keys)).toList();
        results.add(publish(decided, others));
        lastValid.entrySet().removeIf(e -> {
            if (!seen.containsKey(e.getKey())) {
                parts.reporter().forget(e.getValue());
                return true;
            }
            return false;
        });
        decisions.keySet().retainAll(keys);
        Set<DnsName> names = new HashSet<>(hosts);
        hosts.forEach(h -> names.add(GslbRecords.localTargetsName(h)));
        claimed = Set.copyOf(names);
        return SourceResult.concat(results);
    }

    /**
     * For {@code --once}: computes the records once (so the peers are asked about every host), then blocks until every
     * host has its peers' first answers or has waited its bound, at most {@code limit}.
     */
    public void awaitFirstAnswers(Duration limit) throws InterruptedException {
        endpoints();
        Set<DnsName> hosts = new HashSet<>(claimed);
        hosts.removeIf(h -> h.toString().startsWith(GslbRecords.LOCAL_PREFIX));
        parts.peers().awaitFirstAnswers(hosts, limit);
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

    /**
     * One Gslb bound to this cluster: its problems, per host it keeps this cluster's health for it, what k8gb's status
     * also says, and whether its spec parsed without a problem.
     */
    private record Bound(String uid, GslbSpec spec, List<Problem> problems, List<LocalHost> hosts, GslbStatus.Served served,
                         boolean specValid) {
    }

    /** One host with this cluster's verdict and the local health the strategy sees. */
    private record LocalHost(GslbBinding.Host host, ServiceHealth.Verdict verdict, LocalHealth local) {
    }

    /** A bound Gslb after deciding: the outcomes of its decided hosts, and the hosts still awaiting peers. */
    private record Decided(Bound bound, List<HostOutcome> outcomes, List<LocalHost> awaited) {
    }

    private Bound bind(String uid, GslbSpec spec, Map<DnsName, String> owners, boolean specValid) {
        String resource = spec.resource();
        List<Problem> problems = new ArrayList<>();
        GslbBinding binding = GslbBinding.of(spec, caches);
        binding.problems().forEach(p -> problems.add(Problem.of(resource, p)));
        if (writer != null) {
            writer.ensure(spec, uid, binding.ingress()).ifPresent(p -> problems.add(Problem.of(resource, p)));
        }
        ExposedTargets.Result exposed = ExposedTargets.of(spec, binding.exposure(), parts.hostnames());
        exposed.problems().forEach(p -> problems.add(Problem.of(resource, p)));
        List<LocalHost> hosts = new ArrayList<>();
        for (GslbBinding.Host host : binding.hosts()) {
            String owner = owners.putIfAbsent(host.name(), resource);
            if (owner != null) {
                problems.add(new Problem(resource, host.field(), host.name() + " is already balanced by the older " + owner
                        + "; this Gslb's answer for it is left out"));
                continue;
            }
            hosts.add(local(spec, host, exposed.targets()));
        }
        return new Bound(uid, spec, problems, hosts, served(binding, exposed.targets()), specValid);
    }

    /** k8gb's status.loadBalancer and status.servers: the bound hosts inside this cluster's zones. */
    private GslbStatus.Served served(GslbBinding binding, List<String> exposed) {
        List<GslbStatus.Server> servers = binding.hosts().stream()
                .filter(h -> settings.zones().isEmpty() || settings.zones().stream().anyMatch(z -> h.name().isAtOrBelow(z)))
                .map(h -> new GslbStatus.Server(h.name().toString(), h.services())).toList();
        return new GslbStatus.Served(exposed, servers);
    }

    private LocalHost local(GslbSpec spec, GslbBinding.Host host, List<String> exposed) {
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
        return new LocalHost(host, verdict, local);
    }

    /** Decides every host whose peers have all answered (or are known not to); the others wait for a later pass. */
    private Decided decide(Bound b, Instant now, Set<String> keys) {
        List<HostOutcome> outcomes = new ArrayList<>();
        List<LocalHost> awaited = new ArrayList<>();
        for (LocalHost h : b.hosts()) {
            DnsName name = h.host().name();
            String key = b.uid() + "|" + name;
            keys.add(key);
            Optional<Instant> until = parts.peers().awaitingUntil(name);
            if (until.isPresent()) {
                awaited.add(h);
                wakeAt(until.get(), now);
                continue;
            }
            List<PeerState> peers = parts.peers().peers(name);
            GslbDecision decision = GslbStrategy.decide(new GslbInput(b.spec().policy(), settings.clusterGeoTag(), h.local(), peers,
                    Optional.ofNullable(decisions.get(key)), now));
            decisions.put(key, decision);
            outcomes.add(new HostOutcome(name, h.verdict().health(), h.verdict().reason(), h.local(), peers, decision));
            wakeForHoldDown(b.spec().policy(), decision, now);
            wakeForGrace(b.spec().policy(), peers, now);
        }
        return new Decided(b, outcomes, awaited);
    }

    /**
     * The records of every decided host and the local records of every awaited one, each host's names beneath checked
     * against every published name, and each Gslb's outcome reported (a Gslb with an awaited host once it is decided).
     */
    private SourceResult publish(List<Decided> all, Collection<Subtrees.Published> others) {
        List<Subtrees.Published> published = new ArrayList<>(others);
        for (Decided d : all) {
            String resource = d.bound().spec().resource();
            for (LocalHost h : d.bound().hosts()) {
                published.add(new Subtrees.Published(h.host().name(), resource, true));
                published.add(new Subtrees.Published(GslbRecords.localTargetsName(h.host().name()), resource, true));
            }
        }
        List<Subtrees.Nested> nested = Subtrees.of(published);
        Set<DnsName> withGslbBeneath = new HashSet<>();
        nested.stream().filter(n -> !n.keptApart().isEmpty()).forEach(n -> withGslbBeneath.add(n.parent().name()));
        List<SourceResult> out = new ArrayList<>();
        for (Decided d : all) {
            out.add(publish(d, nested, withGslbBeneath));
        }
        return SourceResult.concat(out);
    }

    private SourceResult publish(Decided d, List<Subtrees.Nested> nested, Set<DnsName> withGslbBeneath) {
        GslbSpec spec = d.bound().spec();
        String resource = spec.resource();
        List<Endpoint> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(d.bound().problems());
        Set<DnsName> held = new HashSet<>();
        for (LocalHost h : d.awaited()) {
            SourceResult local = GslbRecords.local(resource, h.host().field(), h.host().name(), h.verdict().health(), h.local(),
                    spec.policy().ttlSeconds());
            records.addAll(local.endpoints());
            problems.addAll(local.problems());
            held.add(h.host().name());
        }
        Map<DnsName, String> fields = new HashMap<>();
        d.bound().hosts().forEach(h -> fields.put(h.host().name(), h.host().field()));
        for (HostOutcome o : d.outcomes()) {
            SourceResult r = GslbRecords.of(resource, fields.get(o.host()), o, spec.policy().type(), spec.policy().ttlSeconds(),
                    withGslbBeneath.contains(o.host()));
            records.addAll(r.endpoints());
            problems.addAll(r.problems());
        }
        if (d.awaited().isEmpty()) {
            parts.reporter().report(spec, d.outcomes(), d.bound().served(),
                    GslbConditions.of(spec.policy(), settings.servingDns(), fields.keySet(), nested));
        } else {
            LOG.debug("{}: {} awaiting the peers' first answers; decided on a later pass", resource,
                    d.awaited().stream().map(h -> h.host().name().toString()).toList());
        }
        parts.reporter().passed(spec.namespace(), spec.name(), d.bound().specValid() && problems.isEmpty());
        return new SourceResult(records, problems, held);
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
