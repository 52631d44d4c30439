package dev.wayfinder.source;

import dev.wayfinder.config.SourceKind;
import dev.wayfinder.source.Informers.Trackers;
import dev.wayfinder.source.api.ChangeHandler;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers behind the sources. They only say "something changed" (the callback); the
 * endpoints are recomputed from the caches by the pure source functions on each reconcile.
 */
public final class KubernetesSources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSources.class);

    public static final ResourceDefinitionContext DNS_ENDPOINT = new ResourceDefinitionContext.Builder()
            .withGroup(DnsEndpointSource.GROUP).withVersion(DnsEndpointSource.VERSION).withKind(DnsEndpointSource.KIND)
            .withPlural(DnsEndpointSource.PLURAL).withNamespaced(true).build();

    /** Which objects to read: the sources, the namespace (empty: all) and the label and annotation filters. */
    public record Scope(Set<SourceKind> sources, Optional<String> namespace, Selector labels, Selector annotations) {
    }

    private final KubernetesClient client;
    private final Scope scope;
    private final SourceOptions options;
    private final ResourceEventHandler<HasMetadata> handler;
    // The pure functions' results per object version: a pass after one change recomputes one object.
    private final Map<String, Memo> memo = new java.util.concurrent.ConcurrentHashMap<>();
    // Replaced whole by a re-list; a pass reads one set throughout.
    private volatile Informers informers;
    // Which Services, Ingresses and DNSEndpoints changed since the last pass; they outlive a re-list's new informers.
    private final Trackers trackers;
    private final Duration readAllEvery;
    private long readAllAt;
    private volatile boolean readAll = true;

    /** With ExternalDNS's default source options. */
    public KubernetesSources(KubernetesClient client, Scope scope, Runnable onChange) {
        this(client, scope, SourceOptions.DEFAULTS, onChange);
    }

    public KubernetesSources(KubernetesClient client, Scope scope, SourceOptions options, Runnable onChange) {
        this(client, scope, options, onChange, Duration.ZERO);
    }

    /**
     * Sources whose passes read only the Services, Ingresses and DNSEndpoints that changed since the last pass,
     * and every object at least every {@code readAllEvery} (zero: on every pass).
     */
    public KubernetesSources(KubernetesClient client, Scope scope, SourceOptions options, Runnable onChange, Duration readAllEvery) {
        this.client = client;
        this.scope = scope;
        this.options = options;
        this.readAllEvery = readAllEvery;
        this.handler = new ChangeHandler(onChange);
        this.trackers = new Trackers(new TrackedObjects<>(onChange), new TrackedObjects<>(onChange), new TrackedObjects<>(onChange));
        this.informers = new Informers(client, scope, options, handler, trackers);
    }

    /** Starts every informer; the future completes when all caches have synced once. */
    public CompletableFuture<Void> start() {
        return informers.start();
    }

    /** True when every cache has synced, so an empty cache means "no objects", not "not yet loaded". */
    public boolean hasSynced() {
        return informers.hasSynced();
    }

    /** True while every informer is watching the API. */
    public boolean isWatching() {
        return informers.isWatching();
    }

    /**
     * Lists every watched kind afresh and replaces the caches with the result, once it has all loaded
     * (until then the old caches serve). Informers resume a broken watch from the last resourceVersion
     * they saw; an API server that cannot replay what happened meanwhile answers 410 and they re-list,
     * but one that resumes without replaying (fabric8's CRUD mock, a proxy that lost events) leaves a
     * deleted object in the cache for good. This is the safety net for that: what the watch missed.
     *
     * @throws java.util.concurrent.TimeoutException when the new lists do not load within {@code timeout}
     *         (the old caches stay)
     */
    public Drift relist(java.time.Duration timeout) throws Exception {
        Informers fresh = new Informers(client, scope, options, handler, trackers);
        try {
            fresh.start().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            fresh.close();
            throw e;
        }
        Informers old = informers;
        Drift drift = Drift.between(old.contents(), fresh.contents());
        informers = fresh;
        readAll = true; // the kept endpoints came from the old caches
        old.close();
        return drift;
    }

    /**
     * Every desired endpoint, from the caches: every object on the first pass, after a re-list and at least every
     * {@code readAllEvery}; in between, of Services, Ingresses and DNSEndpoints only those that changed
     * (the others kept from the last pass), and the other kinds' objects all.
     */
    public synchronized SourceResult endpoints() {
        Informers in = informers;
        SharedIndexInformer<Service> services = in.services;
        SharedIndexInformer<EndpointSlice> slices = in.slices;
        SharedIndexInformer<Node> nodes = in.nodes;
        SharedIndexInformer<Pod> pods = in.pods;
        SharedIndexInformer<Ingress> ingresses = in.ingresses;
        SharedIndexInformer<GenericKubernetesResource> dnsEndpoints = in.dnsEndpoints;
        long now = System.nanoTime();
        boolean all = readAll || readAllEvery.isZero() || now - readAllAt >= readAllEvery.toNanos();
        List<dev.wayfinder.model.Endpoint> endpoints = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (services != null) {
            List<Node> nodeList = nodes.getStore().list();
            java.util.function.Function<Service, SourceResult> compute = svc -> {
                if (dependsOnlyOnItself(svc)) {
                    return ServiceSource.endpoints(svc, List.of(), List.of(), List.of(), options);
                }
                String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
                return ServiceSource.endpoints(svc, slices.getIndexer().byIndex(Informers.BY_SERVICE, key), nodeList,
                        pods.getIndexer().byIndex(Informers.BY_NAMESPACE, svc.getMetadata().getNamespace()), options);
            };
            add(read(all, trackers.services(), services, compute, KubernetesSources::dependsOnlyOnItself), endpoints, problems);
        }
        if (ingresses != null) {
            add(read(all, trackers.ingresses(), ingresses, i -> IngressSource.endpoints(i, options), i -> true), endpoints, problems);
        }
        List<SourceResult> parts = new ArrayList<>();
        if (scope.sources().contains(SourceKind.NODE)) {
            parts.addAll(selected(nodes).stream().map(n -> memoised(n, () -> NodeSource.endpoints(n, options))).toList());
        }
        if (scope.sources().contains(SourceKind.POD)) {
            parts.add(PodSource.endpoints(selected(pods), nodes.getStore().list(), options));
        }
        parts.addAll(in.extensions.endpoints(this::selected, KubernetesSources::safely));
        for (SourceResult r : parts) {
            r.endpoints().stream().filter(options.recordTypes()).forEach(endpoints::add);
            problems.addAll(r.problems());
        }
        if (dnsEndpoints != null) {
            // ptr.go wraps every source: --create-ptr gives a DNSEndpoint's A/AAAA records their PTR too.
            add(read(all, trackers.dnsEndpoints(), dnsEndpoints, d -> withPtr(DnsEndpointSource.endpoints(d)), d -> true), endpoints, problems);
        }
        if (all) {
            // Objects that were not seen this pass are gone.
            long thisPass = pass;
            memo.values().removeIf(m -> m.pass != thisPass);
            readAll = false;
            readAllAt = now;
        }
        pass++;
        return new SourceResult(endpoints, problems);
    }

    /** One tracked kind's endpoints: read afresh when {@code all}, else its changed objects only. */
    private <T extends HasMetadata> SourceParts read(boolean all, TrackedObjects<T> tracked, SharedIndexInformer<T> informer,
                                                     java.util.function.Function<T, SourceResult> compute,
                                                     java.util.function.Predicate<T> keep) {
        if (all) {
            return tracked.rebuild(() -> selected(informer), objects -> memoisedAll(objects, compute, keep), keep, options.recordTypes());
        }
        return tracked.update(informer, this::selected, o -> keep.test(o) ? memoised(o, () -> compute.apply(o)) : safely(o, () -> compute.apply(o)),
                keep, options.recordTypes());
    }

    private static void add(SourceParts parts, List<dev.wayfinder.model.Endpoint> endpoints, List<Problem> problems) {
        endpoints.addAll(parts.endpoints());
        problems.addAll(parts.problems());
    }

    /**
     * Each object's result, {@link #memoised} when {@code keep} allows: the unchanged objects are found
     * in one sequential sweep, and only the rest are computed, on both cores (pure functions over
     * immutable cached objects).
     */
    private <T extends HasMetadata> List<SourceResult> memoisedAll(List<T> objects, java.util.function.Function<T, SourceResult> compute,
                                                                   java.util.function.Predicate<T> keep) {
        SourceResult[] out = new SourceResult[objects.size()];
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            T o = objects.get(i);
            Memo m = keep.test(o) ? memo.get(memoKey(o)) : null;
            String version = o.getMetadata().getResourceVersion();
            if (m != null && version != null && version.equals(m.version)) {
                m.pass = pass;
                out[i] = m.result;
            } else {
                others.add(i);
            }
        }
        others.parallelStream().forEach(i -> {
            T o = objects.get(i);
            out[i] = keep.test(o) ? memoised(o, () -> compute.apply(o)) : safely(o, () -> compute.apply(o));
        });
        return java.util.Arrays.asList(out);
    }

    private volatile long pass;

    private SourceResult withPtr(SourceResult r) {
        List<dev.wayfinder.model.Endpoint> ptr = ObjectAnnotations.ptr(r.endpoints(), Optional.empty(), options.createPtr());
        if (ptr.isEmpty()) {
            return r;
        }
        List<dev.wayfinder.model.Endpoint> all = new ArrayList<>(r.endpoints());
        all.addAll(ptr);
        return new SourceResult(all, r.problems());
    }

    /** Headless and NodePort Services read EndpointSlices and Nodes too, so their results are not kept. */
    private static boolean dependsOnlyOnItself(Service svc) {
        if (svc.getSpec() == null) {
            return true;
        }
        String type = java.util.Objects.requireNonNullElse(svc.getSpec().getType(), "ClusterIP");
        boolean headless = "ClusterIP".equals(type) && "None".equals(svc.getSpec().getClusterIP());
        return !headless && !"NodePort".equals(type);
    }

    private SourceResult memoised(HasMetadata o, java.util.function.Supplier<SourceResult> compute) {
        return memoisedUnsafe(o, () -> safely(o, compute));
    }

    /** One object's unexpected failure becomes a problem on that object; every other object is still published. */
    private static SourceResult safely(HasMetadata o, java.util.function.Supplier<SourceResult> compute) {
        try {
            return compute.get();
        } catch (RuntimeException e) {
            LOG.warn("Could not read {} {}/{}", o.getClass().getSimpleName(), o.getMetadata().getNamespace(), o.getMetadata().getName(), e);
            String kind = o instanceof Service ? ServiceSource.KIND : o instanceof Ingress ? IngressSource.KIND
                    : o instanceof Node ? NodeSource.KIND : o instanceof GenericKubernetesResource g && !"DNSEndpoint".equals(g.getKind())
                    ? String.valueOf(g.getKind()).toLowerCase(java.util.Locale.ROOT) : DnsEndpointSource.RESOURCE_KIND;
            return new SourceResult(List.of(), List.of(new Problem(Resources.of(kind, o), "(object)", "could not be read: " + e)));
        }
    }

    private SourceResult memoisedUnsafe(HasMetadata o, java.util.function.Supplier<SourceResult> compute) {
        return memo(o, compute).result;
    }

    /** By uid, a text the object holds already: nothing is built per object and pass. Without a uid, by kind and name. */
    private static String memoKey(HasMetadata o) {
        String uid = o.getMetadata().getUid();
        return uid != null ? uid : o.getClass().getName() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private Memo memo(HasMetadata o, java.util.function.Supplier<SourceResult> compute) {
        String key = memoKey(o);
        String version = o.getMetadata().getResourceVersion();
        Memo m = memo.get(key);
        if (m == null || version == null || !version.equals(m.version)) {
            m = new Memo(version, compute.get(), pass);
            memo.put(key, m);
        } else {
            m.pass = pass;
        }
        return m;
    }

    private static final class Memo {
        final String version;
        final SourceResult result;
        volatile long pass;

        Memo(String version, SourceResult result, long pass) {
            this.version = version;
            this.result = result;
            this.pass = pass;
        }
    }

    private boolean selected(HasMetadata o) {
        return scope.labels().test(o.getMetadata().getLabels()) && scope.annotations().test(o.getMetadata().getAnnotations());
    }

    private <T extends HasMetadata> List<T> selected(SharedIndexInformer<T> informer) {
        if (scope.labels() == Selector.ALL && scope.annotations() == Selector.ALL) {
            return informer.getStore().list(); // no filter: the objects' fields are not read
        }
        return informer.getStore().list().stream()
                .filter(o -> scope.labels().test(o.getMetadata().getLabels()))
                .filter(o -> scope.annotations().test(o.getMetadata().getAnnotations()))
                .toList();
    }

    /**
     * Writes {@code status.observedGeneration} on every DNSEndpoint whose current generation has been
     * published, as ExternalDNS does (needs {@code update} on {@code dnsendpoints/status}). Best effort.
     */
    public void acknowledgeDnsEndpoints(KubernetesClient client) {
        SharedIndexInformer<GenericKubernetesResource> dnsEndpoints = informers.dnsEndpoints;
        if (dnsEndpoints == null) {
            return;
        }
        for (GenericKubernetesResource d : selected(dnsEndpoints)) {
            Long generation = d.getMetadata().getGeneration();
            Object status = d.getAdditionalProperties().get("status");
            Object observed = status instanceof Map<?, ?> m ? m.get("observedGeneration") : null;
            if (generation == null || (observed instanceof Number n && n.longValue() == generation)) {
                continue;
            }
            GenericKubernetesResource copy = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder(d).build();
            copy.getAdditionalProperties().put("status", Map.of("observedGeneration", generation));
            try {
                client.genericKubernetesResources(DNS_ENDPOINT).inNamespace(d.getMetadata().getNamespace()).resource(copy).updateStatus();
            } catch (RuntimeException e) {
                LOG.warn("Could not record observedGeneration {} on DNSEndpoint {}/{}: {}", generation, d.getMetadata().getNamespace(),
                        d.getMetadata().getName(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        informers.close();
    }
}
