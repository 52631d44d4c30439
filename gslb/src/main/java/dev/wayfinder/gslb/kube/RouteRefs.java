package dev.wayfinder.gslb.kube;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.NamespacedName;
import dev.wayfinder.gslb.kube.GslbBinding.Exposure;
import dev.wayfinder.gslb.kube.GslbBinding.Host;
import dev.wayfinder.gslb.kube.GslbBinding.LbAddress;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.UDPRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gateway API routes in {@code spec.resourceRef}, as k8gb v0.21 resolves them (controllers/refresolver/gatewayapi*):
 * the hosts are the route's {@code spec.hostnames} (TCPRoute and UDPRoute have none, so the Gslb's {@code k8gb.io/hostname}
 * names the one host); every host is backed by every backendRef of every rule, in the backendRef's namespace or else
 * the route's; the route must have exactly one parent of kind Gateway (others are skipped), in the parentRef's
 * namespace or else the route's; the addresses are that Gateway's {@code status.addresses} (type IPAddress or unset: an
 * IP; Hostname: resolved; anything else: refused). The typed models are fabric8's Gateway API models.
 */
final class RouteRefs {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RouteRefs() {
    }

    /** What k8gb's RouteAdapter reads of any route kind. */
    record Route(String namespace, String name, List<String> hostnames, List<ParentReference> parents, List<BackendRef> backends) {
    }

    static GslbBinding bind(GslbSpec spec, GslbSpec.ResourceRef ref, RefKind kind, GslbBinding.ClusterView view, List<String> problems) {
        Optional<String> unavailable = view.unavailable(kind);
        if (unavailable.isPresent()) {
            problems.add("spec.resourceRef: " + unavailable.get());
            return GslbBinding.none(problems);
        }
        Optional<GenericKubernetesResource> found = GslbBinding.pick(ref, spec.namespace(), (ns, n) -> view.object(kind, ns, n),
                ns -> view.objects(kind, ns), problems);
        if (found.isEmpty()) {
            return GslbBinding.none(problems);
        }
        Route route = route(kind, found.get());
        String object = kind.kind() + " " + route.namespace() + "/" + route.name();
        List<Host> hosts = hosts(spec, kind, route, object, problems);
        Optional<Exposure> exposure = gateway(route, object, view, problems).map(RouteRefs::exposure);
        return new GslbBinding(hosts, Optional.empty(), exposure, problems);
    }

    static Route route(RefKind kind, GenericKubernetesResource r) {
        String ns = r.getMetadata().getNamespace();
        String name = r.getMetadata().getName();
        return switch (kind.kind()) {
            case "HTTPRoute" -> {
                HTTPRoute t = JSON.convertValue(r, HTTPRoute.class);
                yield new Route(ns, name, list(t.getSpec() == null ? null : t.getSpec().getHostnames()), parents(t.getSpec() == null ? null
                        : t.getSpec().getParentRefs()), backends(t.getSpec() == null ? null : t.getSpec().getRules(),
                        rule -> list(rule.getBackendRefs()).stream().map(b -> JSON.convertValue(b, BackendRef.class)).toList()));
            }
            case "GRPCRoute" -> {
                GRPCRoute t = JSON.convertValue(r, GRPCRoute.class);
                yield new Route(ns, name, list(t.getSpec() == null ? null : t.getSpec().getHostnames()), parents(t.getSpec() == null ? null
                        : t.getSpec().getParentRefs()), backends(t.getSpec() == null ? null : t.getSpec().getRules(),
                        rule -> list(rule.getBackendRefs()).stream().map(b -> JSON.convertValue(b, BackendRef.class)).toList()));
            }
            case "TCPRoute" -> {
                TCPRoute t = JSON.convertValue(r, TCPRoute.class);
                yield new Route(ns, name, List.of(), parents(t.getSpec() == null ? null : t.getSpec().getParentRefs()),
                        backends(t.getSpec() == null ? null : t.getSpec().getRules(), rule -> list(rule.getBackendRefs())));
            }
            case "UDPRoute" -> {
                UDPRoute t = JSON.convertValue(r, UDPRoute.class);
                yield new Route(ns, name, List.of(), parents(t.getSpec() == null ? null : t.getSpec().getParentRefs()),
                        backends(t.getSpec() == null ? null : t.getSpec().getRules(), rule -> list(rule.getBackendRefs())));
            }
            case "TLSRoute" -> tlsRoute(kind, r);
            default -> throw new IllegalArgumentException("not a route kind: " + kind);
        };
    }

    /** TLSRoute in the version the reference names; each version's rules hold plain backendRefs. */
    private static Route tlsRoute(RefKind kind, GenericKubernetesResource r) {
        String ns = r.getMetadata().getNamespace();
        String name = r.getMetadata().getName();
        return switch (kind.version()) {
            case "v1alpha2" -> {
                var t = JSON.convertValue(r, io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute.class);
                yield new Route(ns, name, list(t.getSpec() == null ? null : t.getSpec().getHostnames()), parents(t.getSpec() == null ? null
                        : t.getSpec().getParentRefs()), backends(t.getSpec() == null ? null : t.getSpec().getRules(), rule -> list(rule.getBackendRefs())));
            }
            case "v1alpha3" -> {
                var t = JSON.convertValue(r, io.fabric8.kubernetes.api.model.gatewayapi.v1alpha3.TLSRoute.class);
                yield new Route(ns, name, list(t.getSpec() == null ? null : t.getSpec().getHostnames()), parents(t.getSpec() == null ? null
                        : t.getSpec().getParentRefs()), backends(t.getSpec() == null ? null : t.getSpec().getRules(), rule -> list(rule.getBackendRefs())));
            }
            default -> {
                var t = JSON.convertValue(r, io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute.class);
                yield new Route(ns, name, list(t.getSpec() == null ? null : t.getSpec().getHostnames()), parents(t.getSpec() == null ? null
                        : t.getSpec().getParentRefs()), backends(t.getSpec() == null ? null : t.getSpec().getRules(), rule -> list(rule.getBackendRefs())));
            }
        };
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static List<ParentReference> parents(List<ParentReference> refs) {
        return list(refs);
    }

    private static <R> List<BackendRef> backends(List<R> rules, Function<R, List<BackendRef>> refs) {
        List<BackendRef> out = new ArrayList<>();
        list(rules).forEach(rule -> out.addAll(refs.apply(rule)));
        return out;
    }

    /** k8gb's GetServersFromRoute: every hostname, each backed by every backendRef. */
    private static List<Host> hosts(GslbSpec spec, RefKind kind, Route route, String object, List<String> problems) {
        List<NamespacedName> services = new ArrayList<>();
        for (BackendRef b : route.backends()) {
            if (b.getName() != null && !b.getName().isBlank()) {
                NamespacedName s = new NamespacedName(Objects.requireNonNullElse(b.getNamespace(), route.namespace()), b.getName());
                if (!services.contains(s)) {
                    services.add(s);
                }
            }
        }
        if (kind.kind().equals("TCPRoute") || kind.kind().equals("UDPRoute")) {
            if (spec.hostname().isEmpty()) {
                problems.add("metadata.annotations[" + GslbSpec.HOSTNAME + "]: required with a " + kind.kind()
                        + ", which has no host name of its own");
                return List.of();
            }
            return List.of(new Host(spec.hostname().get(), "metadata.annotations[" + GslbSpec.HOSTNAME + "]", services));
        }
        if (route.hostnames().isEmpty()) {
            problems.add("spec.resourceRef: " + object + " has no spec.hostnames");
            return List.of();
        }
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < route.hostnames().size(); i++) {
            String field = "spec.resourceRef: " + object + " spec.hostnames[" + i + "]";
            Optional<DnsName> host = GslbParser.host(route.hostnames().get(i), field, problems);
            if (host.isPresent() && hosts.stream().noneMatch(h -> h.name().equals(host.get()))) {
                hosts.add(new Host(host.get(), field, services));
            }
        }
        return hosts;
    }

    /** k8gb's GetGateway: exactly one parentRef of kind Gateway (or no kind), looked up in its namespace or the route's. */
    private static Optional<Gateway> gateway(Route route, String object, GslbBinding.ClusterView view, List<String> problems) {
        List<NamespacedName> gateways = route.parents().stream().filter(p -> p.getKind() == null || "Gateway".equals(p.getKind()))
                .map(p -> new NamespacedName(Objects.requireNonNullElse(p.getNamespace(), route.namespace()), p.getName())).toList();
        if (gateways.size() != 1) {
            problems.add("spec.resourceRef: " + object + " spec.parentRefs: exactly one Gateway must be referenced, found "
                    + gateways.size());
            return Optional.empty();
        }
        Optional<String> unavailable = view.unavailable(RefKind.GATEWAY);
        if (unavailable.isPresent()) {
            problems.add("spec.resourceRef: " + object + ": " + unavailable.get());
            return Optional.empty();
        }
        NamespacedName g = gateways.get(0);
        Optional<GenericKubernetesResource> gateway = view.object(RefKind.GATEWAY, g.namespace(), g.name());
        if (gateway.isEmpty()) {
            problems.add("spec.resourceRef: " + object + " spec.parentRefs: Gateway " + g + " not found");
        }
        return gateway.map(r -> JSON.convertValue(r, Gateway.class));
    }

    static Exposure exposure(Gateway gateway) {
        String object = "Gateway " + gateway.getMetadata().getNamespace() + "/" + gateway.getMetadata().getName();
        List<GatewayStatusAddress> addresses = gateway.getStatus() == null ? List.of() : list(gateway.getStatus().getAddresses());
        List<LbAddress> out = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            GatewayStatusAddress a = addresses.get(i);
            String field = "status.addresses[" + i + "]";
            if (a.getValue() == null || a.getValue().isBlank()) {
                continue;
            }
            LbAddress.Kind kind = a.getType() == null || a.getType().equals("IPAddress") ? LbAddress.Kind.IP
                    : a.getType().equals("Hostname") ? LbAddress.Kind.HOSTNAME : LbAddress.Kind.UNSUPPORTED;
            out.add(new LbAddress(field, kind, kind == LbAddress.Kind.UNSUPPORTED ? a.getType() + " " + a.getValue() : a.getValue().trim()));
        }
        return new Exposure(object, out);
    }
}
