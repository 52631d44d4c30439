package dev.wayfinder.gslb.kube;

import dev.wayfinder.source.api.ChangeHandler;
import dev.wayfinder.source.api.SourceScope;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caches the Gslb source reads: Gslbs of both API groups, Ingresses, Services and EndpointSlices, and, from the
 * first Gslb that refers to them, the Gateway API and Istio kinds of {@code resourceRef} ({@link RefKind}), so a
 * cluster without those CRDs (or without the RBAC to read them) watches nothing more than it needs.
 * Every change only says "something changed" (the callback), so an EndpointSlice's readiness flip reaches
 * the records within one coalesced pass. A Gslb API group whose CRD is not installed is logged once and
 * left out; the other still works.
 */
public final class GslbInformers implements GslbBinding.ClusterView, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GslbInformers.class);
    private static final String BY_SERVICE = "byService";
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final Duration RETRY = Duration.ofMinutes(1);

    public static final ResourceDefinitionContext LEGACY = gslb("k8gb.absa.oss");
    public static final ResourceDefinitionContext CANONICAL = gslb("k8gb.io");

    private final KubernetesClient client;
    private final SourceScope scope;
    private final ResourceEventHandler<HasMetadata> handler;
    private final SharedIndexInformer<Ingress> ingresses;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final List<SharedIndexInformer<GenericKubernetesResource>> gslbs = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<?>> all = new CopyOnWriteArrayList<>();
    private final List<ResourceDefinitionContext> groups = new CopyOnWriteArrayList<>();
    private final Runnable onChange;
    private final Map<RefKind, Referenced> referenced = new ConcurrentHashMap<>();
    private final ExecutorService lookups = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gslb-ref-kinds");
        t.setDaemon(true);
        return t;
    });

    /** One lazily watched kind: its informer once the API said it is served and readable, or why not. */
    private static final class Referenced {
        volatile SharedIndexInformer<GenericKubernetesResource> informer;
        volatile String failure;
        volatile Instant failedAt = Instant.MAX;
    }

    public GslbInformers(KubernetesClient client, SourceScope scope, Runnable onChange) {
        this.client = client;
        this.scope = scope;
        this.handler = new ChangeHandler(onChange);
        this.onChange = onChange;
        String ns = scope.namespace().orElse(null);
        ingresses = add(ns == null ? client.network().v1().ingresses().inAnyNamespace().runnableInformer(0)
                : client.network().v1().ingresses().inNamespace(ns).runnableInformer(0));
        services = add(ns == null ? client.services().inAnyNamespace().runnableInformer(0)
                : client.services().inNamespace(ns).runnableInformer(0));
        slices = ns == null ? client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0)
                : client.discovery().v1().endpointSlices().inNamespace(ns).runnableInformer(0);
        slices.addIndexers(Map.of(BY_SERVICE, s -> List.of(s.getMetadata().getNamespace() + "/"
                + Optional.ofNullable(s.getMetadata().getLabels()).map(l -> l.getOrDefault(SERVICE_NAME_LABEL, "")).orElse(""))));
        add(slices);
    }

    private static ResourceDefinitionContext gslb(String group) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1beta1").withKind("Gslb").withPlural("gslbs")
                .withNamespaced(true).build();
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
        informer.addEventHandler((ResourceEventHandler<T>) (ResourceEventHandler<?>) handler);
        all.add(informer);
        return informer;
    }

    /** Looks for each Gslb API group, then starts every informer; completes when all caches have loaded once. */
    public CompletableFuture<Void> start() {
        String ns = scope.namespace().orElse(null);
        for (ResourceDefinitionContext group : List.of(LEGACY, CANONICAL)) {
            var resources = ns == null ? client.genericKubernetesResources(group).inAnyNamespace()
                    : client.genericKubernetesResources(group).inNamespace(ns);
            try {
                resources.list(new ListOptionsBuilder().withLimit(1L).build());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    LOG.warn("Not watching Gslbs of {}/v1beta1: its CRD is not installed (install it and restart to use that group)",
                            group.getGroup());
                    continue;
                }
                throw e;
            }
            gslbs.add(add(resources.runnableInformer(0)));
            groups.add(group);
        }
        if (gslbs.isEmpty()) {
            LOG.warn("No Gslb CRD is installed (k8gb.io or k8gb.absa.oss): --source=gslb publishes nothing");
        }
        return CompletableFuture.allOf(all.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    /** The API groups being watched, in the order looked for. */
    public List<ResourceDefinitionContext> groups() {
        return List.copyOf(groups);
    }

    public boolean hasSynced() {
        return all.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    public boolean isWatching() {
        return all.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** Every cached Gslb passing the label and annotation filters. */
    public List<GenericKubernetesResource> gslbs() {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (SharedIndexInformer<GenericKubernetesResource> i : gslbs) {
            i.getStore().list().stream()
                    .filter(o -> scope.labels().test(o.getMetadata().getLabels()))
                    .filter(o -> scope.annotations().test(o.getMetadata().getAnnotations()))
                    .forEach(out::add);
        }
        return out;
    }

    /** The cached Gslb of that namespace and name, in either API group (the canonical one first). */
    public Optional<GenericKubernetesResource> gslb(String namespace, String name) {
        for (int i = gslbs.size() - 1; i >= 0; i--) {
            GenericKubernetesResource g = gslbs.get(i).getStore().getByKey(namespace + "/" + name);
            if (g != null) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    public List<EndpointSlice> slicesOf(String namespace, String service) {
        return slices.getIndexer().byIndex(BY_SERVICE, namespace + "/" + service);
    }

    @Override
    public Optional<Ingress> ingress(String namespace, String name) {
        return Optional.ofNullable(ingresses.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public List<Ingress> ingresses(String namespace) {
        return inNamespace(ingresses, namespace);
    }

    public List<Ingress> allIngresses() {
        return ingresses.getStore().list();
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
    }

    private static <T extends HasMetadata> List<T> inNamespace(SharedIndexInformer<T> informer, String namespace) {
        return informer.getStore().list().stream().filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace)).toList();
    }

    @Override
    public List<Service> services(String namespace) {
        return namespace == null ? services.getStore().list() : inNamespace(services, namespace);
    }

    @Override
    public Optional<String> unavailable(RefKind kind) {
        Referenced r = referenced.computeIfAbsent(kind, this::watch);
        if (r.failure != null) {
            if (r.failedAt.plus(RETRY).isBefore(Instant.now())) {
                referenced.remove(kind, r);
            }
            return Optional.of(r.failure);
        }
        SharedIndexInformer<GenericKubernetesResource> informer = r.informer;
        if (informer == null || !informer.hasSynced()) {
            return Optional.of("waiting for the first list of " + kind + " objects");
        }
        return Optional.empty();
    }

    @Override
    public Optional<GenericKubernetesResource> object(RefKind kind, String namespace, String name) {
        return synced(kind).map(i -> i.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public List<GenericKubernetesResource> objects(RefKind kind, String namespace) {
        return synced(kind).map(i -> inNamespace(i, namespace)).orElse(List.of());
    }

    private Optional<SharedIndexInformer<GenericKubernetesResource>> synced(RefKind kind) {
        Referenced r = referenced.get(kind);
        return r == null || r.informer == null || !r.informer.hasSynced() ? Optional.empty() : Optional.of(r.informer);
    }

    /** Asks the API, off the pass, whether {@code kind} is served and readable; then watches it and asks for a pass. */
    private Referenced watch(RefKind kind) {
        Referenced r = new Referenced();
        String ns = scope.namespace().orElse(null);
        lookups.execute(() -> {
            var resources = ns == null ? client.genericKubernetesResources(kind.context()).inAnyNamespace()
                    : client.genericKubernetesResources(kind.context()).inNamespace(ns);
            try {
                resources.list(new ListOptionsBuilder().withLimit(1L).build());
                SharedIndexInformer<GenericKubernetesResource> informer = resources.runnableInformer(0);
                informer.addEventHandler((ResourceEventHandler<GenericKubernetesResource>) (ResourceEventHandler<?>) handler);
                r.informer = informer;
                LOG.info("Watching {} objects: a Gslb refers to them", kind);
                informer.start().whenComplete((v, e) -> onChange.run());
            } catch (KubernetesClientException e) {
                r.failure = e.getCode() == 404 ? kind + " is not served by this cluster (its CRD is not installed)"
                        : e.getCode() == 403 ? "the controller may not list " + kind + " objects (RBAC: get, list, watch " + kind.plural()
                        + "." + kind.group() + ")" : "listing " + kind + " objects failed: " + e.getMessage();
                r.failedAt = Instant.now();
                LOG.warn("Cannot watch {} objects, asked again in {}: {}", kind, RETRY, r.failure);
                onChange.run();
            }
        });
        return r;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        all.forEach(SharedIndexInformer::close);
        referenced.values().stream().map(r -> r.informer).filter(Objects::nonNull).forEach(SharedIndexInformer::close);
    }
}
