package dev.wayfinder.source;

import dev.wayfinder.config.SourceKind;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** The informers and evaluation of the sources over other projects' resources: Gateway API routes and Istio. */
final class ExtensionSources {

    /** Registers an informer with the caller (its change handler, start and close). */
    interface Registrar {
        <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer);
    }

    private final SourceOptions options;
    private final Map<RouteKind, SharedIndexInformer<GenericKubernetesResource>> routes = new EnumMap<>(RouteKind.class);
    private SharedIndexInformer<GenericKubernetesResource> gateways;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<GenericKubernetesResource> istioGateways;
    private SharedIndexInformer<GenericKubernetesResource> virtualServices;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Ingress> ingresses;
    private final boolean istioGatewaySource;

    /** {@code services} and {@code ingresses}: the caller's informers when it has them (else null; they are opened here if needed). */
    ExtensionSources(KubernetesClient client, Set<SourceKind> kinds, String ns, SourceOptions options, Registrar registrar,
                     SharedIndexInformer<Service> services, SharedIndexInformer<Ingress> ingresses) {
        this.options = options;
        for (SourceKind k : kinds) {
            k.route().ifPresent(kind -> routes.put(kind, registrar.add(generic(client, kind.context(), ns))));
        }
        if (!routes.isEmpty()) {
            // gateway.go: Gateways of --gateway-namespace (all by default), and every namespace for allowedRoutes selectors.
            String gwNs = options.gateways().namespace();
            gateways = registrar.add(generic(client, RouteKind.GATEWAY, gwNs.isEmpty() ? null : gwNs));
            namespaces = registrar.add(client.namespaces().runnableInformer(0));
        }
        istioGatewaySource = kinds.contains(SourceKind.ISTIO_GATEWAY);
        if (istioGatewaySource || kinds.contains(SourceKind.ISTIO_VIRTUALSERVICE)) {
            // istio_gateway.go reads Gateways, and the Services (of --namespace) and Ingresses that give their targets.
            istioGateways = registrar.add(generic(client, IstioSource.GATEWAY, ns));
            this.services = services != null ? services : registrar.add(ns == null ? client.services().inAnyNamespace().runnableInformer(0)
                    : client.services().inNamespace(ns).runnableInformer(0));
            this.ingresses = ingresses != null ? ingresses
                    : registrar.add(client.network().v1().ingresses().inAnyNamespace().runnableInformer(0));
        }
        if (kinds.contains(SourceKind.ISTIO_VIRTUALSERVICE)) {
            virtualServices = registrar.add(generic(client, IstioSource.VIRTUAL_SERVICE, ns));
        }
    }

    private static SharedIndexInformer<GenericKubernetesResource> generic(KubernetesClient client, ResourceDefinitionContext context, String ns) {
        return ns == null ? client.genericKubernetesResources(context).inAnyNamespace().runnableInformer(0)
                : client.genericKubernetesResources(context).inNamespace(ns).runnableInformer(0);
    }

    /** Every route's and Istio object's records; {@code selected} applies the scope's filters, {@code safely} isolates one object's failure. */
    List<SourceResult> endpoints(Function<SharedIndexInformer<GenericKubernetesResource>, List<GenericKubernetesResource>> selected,
                                 BiFunction<HasMetadata, Supplier<SourceResult>, SourceResult> safely) {
        List<SourceResult> parts = new ArrayList<>();
        if (istioGateways != null) {
            IstioSource.Lookup lookup = new IstioSource.Lookup(services.getStore().list(), ingresses.getStore().list());
            if (istioGatewaySource) {
                selected.apply(istioGateways).forEach(g -> parts.add(safely.apply(g, () -> IstioSource.gateway(g, lookup, options))));
            }
            if (virtualServices != null) {
                List<GenericKubernetesResource> all = istioGateways.getStore().list();
                selected.apply(virtualServices).forEach(v -> parts.add(safely.apply(v, () -> IstioSource.virtualService(v, all, lookup, options))));
            }
        }
        if (!routes.isEmpty()) {
            List<GenericKubernetesResource> gws = gateways.getStore().list().stream()
                    .filter(g -> options.gateways().labels().test(g.getMetadata().getLabels())).toList();
            Map<String, Map<String, String>> nsLabels = new HashMap<>();
            namespaces.getStore().list().forEach(n -> nsLabels.put(n.getMetadata().getName(),
                    Objects.requireNonNullElse(n.getMetadata().getLabels(), Map.of())));
            routes.forEach((kind, informer) -> selected.apply(informer).forEach(r ->
                    parts.add(safely.apply(r, () -> GatewayRouteSource.endpoints(kind, r, gws, nsLabels, options)))));
        }
        return parts;
    }
}
