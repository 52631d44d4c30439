package dev.wayfinder.source;

import dev.wayfinder.config.SourceKind;
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
    private static final String BY_SERVICE = "byService";
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    public static final ResourceDefinitionContext DNS_ENDPOINT = new ResourceDefinitionContext.Builder()
            .withGroup(DnsEndpointSource.GROUP).withVersion(DnsEndpointSource.VERSION).withKind(DnsEndpointSource.KIND)
            .withPlural(DnsEndpointSource.PLURAL).withNamespaced(true).build();

    /** Which objects to read: the sources, the namespace (empty: all) and the label and annotation filters. */
    public record Scope(Set<SourceKind> sources, Optional<String> namespace, Selector labels, Selector annotations) {
    }

    private final Scope scope;
    // The pure functions' results per object version: a pass after one change recomputes one object.
    private final Map<String, Memo> memo = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Pod> pods;
    private final SourceOptions options;
    private static final String BY_NAMESPACE = "byNamespace";
    private SharedIndexInformer<Ingress> ingresses;
    private SharedIndexInformer<GenericKubernetesResource> dnsEndpoints;
    private final ExtensionSources extensions;
    private final ResourceEventHandler<HasMetadata> handler;

    /** With ExternalDNS's default source options. */
    public KubernetesSources(KubernetesClient client, Scope scope, Runnable onChange) {
        this(client, scope, SourceOptions.DEFAULTS, onChange);
    }

    public KubernetesSources(KubernetesClient client, Scope scope, SourceOptions options, Runnable onChange) {
        this.scope = scope;
        this.options = options;
        this.handler = new ChangeHandler(onChange);
        String ns = scope.namespace().orElse(null);
        if (scope.sources().contains(SourceKind.SERVICE)) {
            services = add(ns == null ? client.services().inAnyNamespace().runnableInformer(0)
                    : client.services().inNamespace(ns).runnableInformer(0), handler);
            slices = ns == null ? client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0)
                    : client.discovery().v1().endpointSlices().inNamespace(ns).runnableInformer(0);
            slices.addIndexers(Map.of(BY_SERVICE, s -> List.of(s.getMetadata().getNamespace() + "/"
                    + s.getMetadata().getLabels().getOrDefault(SERVICE_NAME_LABEL, ""))));
            add(slices, handler);
        }
        if (scope.sources().contains(SourceKind.SERVICE) || scope.sources().contains(SourceKind.NODE)
                || scope.sources().contains(SourceKind.POD)) {
            nodes = add(client.nodes().runnableInformer(0), handler);
        }
        if (scope.sources().contains(SourceKind.SERVICE) || scope.sources().contains(SourceKind.POD)) {
            pods = ns == null ? client.pods().inAnyNamespace().runnableInformer(0) : client.pods().inNamespace(ns).runnableInformer(0);
            pods.addIndexers(Map.of(BY_NAMESPACE, p -> List.of(p.getMetadata().getNamespace())));
            add(pods, handler);
        }
        if (scope.sources().contains(SourceKind.INGRESS)) {
            ingresses = add(ns == null ? client.network().v1().ingresses().inAnyNamespace().runnableInformer(0)
                    : client.network().v1().ingresses().inNamespace(ns).runnableInformer(0), handler);
        }
        if (scope.sources().contains(SourceKind.CRD)) {
            dnsEndpoints = add(ns == null ? client.genericKubernetesResources(DNS_ENDPOINT).inAnyNamespace().runnableInformer(0)
                    : client.genericKubernetesResources(DNS_ENDPOINT).inNamespace(ns).runnableInformer(0), handler);
        }
        extensions = new ExtensionSources(client, scope.sources(), ns, options, this::register, services, ingresses);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> register(SharedIndexInformer<T> informer) {
        return add(informer, handler);
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer, ResourceEventHandler<HasMetadata> handler) {
        informer.addEventHandler((ResourceEventHandler<T>) (ResourceEventHandler<?>) handler);
        informers.add(informer);
        return informer;
    }

    /** Starts every informer; the future completes when all caches have synced once. */
    public CompletableFuture<Void> start() {
        return CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    /** True when every cache has synced, so an empty cache means "no objects", not "not yet loaded". */
    public boolean hasSynced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** True while every informer is watching the API. */
    public boolean isWatching() {
        return informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** Recomputes every desired endpoint from the caches. */
    public SourceResult endpoints() {
        List<SourceResult> parts = new ArrayList<>();
        if (services != null) {
            List<Node> nodeList = nodes.getStore().list();
            // Pure functions over immutable cached objects: safe to spread over the cores.
            parts.addAll(selected(services).parallelStream().map(svc -> {
                if (dependsOnlyOnItself(svc)) {
                    return memoised(svc, () -> ServiceSource.endpoints(svc, List.of(), List.of(), List.of(), options));
                }
                String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
                return safely(svc, () -> ServiceSource.endpoints(svc, slices.getIndexer().byIndex(BY_SERVICE, key), nodeList,
                        pods.getIndexer().byIndex(BY_NAMESPACE, svc.getMetadata().getNamespace()), options));
            }).toList());
        }
        if (ingresses != null) {
            parts.addAll(selected(ingresses).parallelStream().map(i -> memoised(i, () -> IngressSource.endpoints(i, options))).toList());
        }
        if (scope.sources().contains(SourceKind.NODE)) {
            parts.addAll(selected(nodes).stream().map(n -> memoised(n, () -> NodeSource.endpoints(n, options))).toList());
        }
        if (scope.sources().contains(SourceKind.POD)) {
            parts.add(PodSource.endpoints(selected(pods), nodes.getStore().list(), options));
        }
        parts.addAll(extensions.endpoints(this::selected, KubernetesSources::safely));
        if (dnsEndpoints != null) {
            // ptr.go wraps every source: --create-ptr gives a DNSEndpoint's A/AAAA records their PTR too.
            parts.addAll(selected(dnsEndpoints).parallelStream().map(d -> memoised(d, () -> withPtr(DnsEndpointSource.endpoints(d)))).toList());
        }
        // Objects that were not seen this pass are gone.
        long thisPass = pass;
        memo.values().removeIf(m -> m.pass != thisPass);
        pass++;
        SourceResult all = SourceResult.concat(parts);
        return new SourceResult(all.endpoints().stream().filter(options.recordTypes()).toList(), all.problems());
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
        String key = o.getClass().getSimpleName() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        String version = o.getMetadata().getUid() + "@" + o.getMetadata().getResourceVersion();
        Memo m = memo.get(key);
        if (m == null || !m.version.equals(version) || o.getMetadata().getResourceVersion() == null) {
            m = new Memo(version, compute.get(), pass);
            memo.put(key, m);
        } else {
            m.pass = pass;
        }
        return m.result;
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

    private <T extends HasMetadata> List<T> selected(SharedIndexInformer<T> informer) {
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
        informers.forEach(SharedIndexInformer::close);
    }
}
