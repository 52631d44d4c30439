package dev.wayfinder.gslb.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.NamespacedName;
import dev.wayfinder.gslb.kube.GslbBinding.Host;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Istio VirtualService in {@code spec.resourceRef}, as k8gb v0.21 resolves it
 * (controllers/refresolver/istiovirtualservice/istiovirtualservice.go): the hosts are {@code spec.hosts}, each backed by
 * every {@code http}, {@code tls} and {@code tcp} route destination host, taken as a Service name in the VirtualService's
 * namespace; the VirtualService must name exactly one Gateway besides {@code mesh}; the Service exposing it is the one
 * Service, in any namespace, whose labels match that Gateway's {@code spec.selector}, and its load balancer status
 * carries the addresses. Istio's models do not resolve at fabric8 7.8.0, so these are read as generic resources.
 */
final class IstioRefs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IstioRefs() {
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
        JsonNode vs = JSON.valueToTree(found.get());
        String ns = found.get().getMetadata().getNamespace();
        String object = "VirtualService " + ns + "/" + found.get().getMetadata().getName();
        List<Host> hosts = hosts(vs, ns, object, problems);
        Optional<Service> service = gatewayService(vs, ns, object, kind.istioGateway(), view, problems);
        return new GslbBinding(hosts, Optional.empty(), service.map(GslbBinding::exposure), problems);
    }

    private static List<Host> hosts(JsonNode vs, String ns, String object, List<String> problems) {
        List<NamespacedName> services = new ArrayList<>();
        for (String section : List.of("http", "tls", "tcp")) {
            for (JsonNode route : vs.path("spec").path(section)) {
                for (JsonNode destination : route.path("route")) {
                    String host = destination.path("destination").path("host").asText("");
                    NamespacedName s = new NamespacedName(ns, host);
                    if (!host.isEmpty() && !services.contains(s)) {
                        services.add(s);
                    }
                }
            }
        }
        JsonNode names = vs.path("spec").path("hosts");
        if (!names.isArray() || names.isEmpty()) {
            problems.add("spec.resourceRef: " + object + " has no spec.hosts");
            return List.of();
        }
        Map<DnsName, Host> hosts = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String field = "spec.resourceRef: " + object + " spec.hosts[" + i + "]";
            GslbParser.host(names.get(i).asText(""), field, problems).ifPresent(h -> hosts.putIfAbsent(h, new Host(h, field, services)));
        }
        return new ArrayList<>(hosts.values());
    }

    /** The Service in front of the one ingress Gateway the VirtualService names (k8gb's getGateway and getLbService). */
    private static Optional<Service> gatewayService(JsonNode vs, String ns, String object, RefKind gatewayKind, GslbBinding.ClusterView view,
                                                    List<String> problems) {
        List<String> gateways = new ArrayList<>();
        vs.path("spec").path("gateways").forEach(g -> {
            if (!"mesh".equals(g.asText())) {
                gateways.add(g.asText());
            }
        });
        if (gateways.size() != 1) {
            problems.add("spec.resourceRef: " + object + " spec.gateways: exactly one Gateway besides mesh must be named, found "
                    + gateways.size());
            return Optional.empty();
        }
        // k8gb splits "namespace/name"; a bare name is the VirtualService's namespace, as Istio reads it.
        String ref = gateways.get(0);
        NamespacedName gw = ref.contains("/") ? new NamespacedName(ref.substring(0, ref.indexOf('/')), ref.substring(ref.indexOf('/') + 1))
                : new NamespacedName(ns, ref);
        Optional<String> unavailable = view.unavailable(gatewayKind);
        if (unavailable.isPresent()) {
            problems.add("spec.resourceRef: " + object + ": " + unavailable.get());
            return Optional.empty();
        }
        Optional<GenericKubernetesResource> gateway = view.object(gatewayKind, gw.namespace(), gw.name());
        if (gateway.isEmpty()) {
            problems.add("spec.resourceRef: " + object + " spec.gateways: Gateway " + gw + " not found");
            return Optional.empty();
        }
        JsonNode selectorNode = JSON.<JsonNode>valueToTree(gateway.get()).path("spec").path("selector");
        Map<String, String> selector = new LinkedHashMap<>();
        selectorNode.fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
        List<Service> matching = view.services(null).stream().filter(s -> selector.entrySet().stream()
                .allMatch(e -> Objects.equals(Optional.ofNullable(s.getMetadata().getLabels()).orElse(Map.of()).get(e.getKey()), e.getValue())))
                .toList();
        if (matching.size() != 1) {
            problems.add("spec.resourceRef: " + object + ": the selector " + selector + " of Gateway " + gw + " matches " + matching.size()
                    + " Services; exactly one must expose it");
            return Optional.empty();
        }
        return Optional.of(matching.get(0));
    }
}
