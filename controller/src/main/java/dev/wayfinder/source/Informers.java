package dev.wayfinder.source;

import dev.wayfinder.config.SourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One full set of the sources' informers: each lists its kind, then watches from the list's
 * resourceVersion. A set is never restarted: a re-list builds a new one ({@link KubernetesSources#relist}).
 * Null fields are kinds the configured sources do not read.
 */
final class Informers implements AutoCloseable {

    static final String BY_SERVICE = "byService";
    static final String BY_NAMESPACE = "byNamespace";
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    final List<SharedIndexInformer<? extends HasMetadata>> all = new ArrayList<>();
    final SharedIndexInformer<Service> services;
    final SharedIndexInformer<EndpointSlice> slices;
    final SharedIndexInformer<Node> nodes;
    final SharedIndexInformer<Pod> pods;
    final SharedIndexInformer<Ingress> ingresses;
    final SharedIndexInformer<GenericKubernetesResource> dnsEndpoints;
    final ExtensionSources extensions;
    private final ResourceEventHandler<HasMetadata> handler;

    /** The handlers that note which Services, Ingresses and DNSEndpoints changed; they serve every set in turn. */
    record Trackers(TrackedObjects<Service> services, TrackedObjects<Ingress> ingresses, TrackedObjects<GenericKubernetesResource> dnsEndpoints) {
    }

    Informers(KubernetesClient client, KubernetesSources.Scope scope, SourceOptions options, ResourceEventHandler<HasMetadata> handler,
              Trackers trackers) {
        this.handler = handler;
        String ns = scope.namespace().orElse(null);
        boolean service = scope.sources().contains(SourceKind.SERVICE);
        services = service ? tracked(trackers.services(), ns == null ? client.services().inAnyNamespace().runnableInformer(0)
                : client.services().inNamespace(ns).runnableInformer(0)) : null;
        if (service) {
            SharedIndexInformer<EndpointSlice> s = ns == null ? client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0)
                    : client.discovery().v1().endpointSlices().inNamespace(ns).runnableInformer(0);
            s.addIndexers(Map.of(BY_SERVICE, x -> List.of(x.getMetadata().getNamespace() + "/"
                    + x.getMetadata().getLabels().getOrDefault(SERVICE_NAME_LABEL, ""))));
            slices = add(s);
        } else {
            slices = null;
        }
        nodes = service || scope.sources().contains(SourceKind.NODE) || scope.sources().contains(SourceKind.POD)
                ? add(client.nodes().runnableInformer(0)) : null;
        if (service || scope.sources().contains(SourceKind.POD)) {
            SharedIndexInformer<Pod> p = ns == null ? client.pods().inAnyNamespace().runnableInformer(0) : client.pods().inNamespace(ns).runnableInformer(0);
            p.addIndexers(Map.of(BY_NAMESPACE, x -> List.of(x.getMetadata().getNamespace())));
            pods = add(p);
        } else {
            pods = null;
        }
        ingresses = scope.sources().contains(SourceKind.INGRESS) ? tracked(trackers.ingresses(), ns == null ? client.network().v1().ingresses().inAnyNamespace().runnableInformer(0)
                : client.network().v1().ingresses().inNamespace(ns).runnableInformer(0)) : null;
        dnsEndpoints = scope.sources().contains(SourceKind.CRD)
                ? tracked(trackers.dnsEndpoints(), ns == null ? client.genericKubernetesResources(KubernetesSources.DNS_ENDPOINT).inAnyNamespace().runnableInformer(0)
                : client.genericKubernetesResources(KubernetesSources.DNS_ENDPOINT).inNamespace(ns).runnableInformer(0)) : null;
        extensions = new ExtensionSources(client, scope.sources(), ns, options, this::add, services, ingresses);
    }

    /** An informer whose objects a pass reads only when they changed: its events go to {@code tracker}, which says so. */
    private <T extends HasMetadata> SharedIndexInformer<T> tracked(TrackedObjects<T> tracker, SharedIndexInformer<T> informer) {
        all.add(tracker.track(informer));
        return informer;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
        informer.addEventHandler((ResourceEventHandler<T>) (ResourceEventHandler<?>) handler);
        all.add(informer);
        return informer;
    }

    /** Starts every informer; completes when every cache has synced once. */
    CompletableFuture<Void> start() {
        return CompletableFuture.allOf(all.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    boolean hasSynced() {
        return all.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    boolean isWatching() {
        return all.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** What the caches hold: per kind, each object's {@code namespace/name} and {@code uid@resourceVersion}. */
    Map<String, Map<String, String>> contents() {
        Map<String, Map<String, String>> out = new HashMap<>();
        // Sets are built in the same order, so an informer's place names its kind across sets (several are generic resources).
        for (int n = 0; n < all.size(); n++) {
            SharedIndexInformer<? extends HasMetadata> i = all.get(n);
            Map<String, String> objects = out.computeIfAbsent(n + " " + i.getApiTypeClass().getSimpleName(), k -> new HashMap<>());
            for (HasMetadata o : i.getStore().list()) {
                objects.put(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                        o.getMetadata().getUid() + "@" + o.getMetadata().getResourceVersion());
            }
        }
        return out;
    }

    @Override
    public void close() {
        all.forEach(SharedIndexInformer::close);
    }
}
