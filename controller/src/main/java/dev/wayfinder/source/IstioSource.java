package dev.wayfinder.source;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code --source=istio-gateway} and {@code --source=istio-virtualservice} (networking.istio.io/v1), as ExternalDNS's
 * {@code source/istio_gateway.go} and {@code source/istio_virtualservice.go}. A Gateway publishes its servers' hosts
 * (a {@code namespace/} part dropped, {@code *} skipped) and its {@code hostname} annotation at its targets: the
 * {@code target} annotation, else the status of the Ingress its {@code ingress} annotation names, else the
 * load-balancer addresses of the Services whose selector its {@code spec.selector} is part of. A VirtualService
 * publishes its hosts and {@code hostname} annotation at its {@code target} annotation, else the targets of each
 * Gateway it lists that binds the host ({@code exportTo}, the server hosts' namespaces and wildcards).
 */
public final class IstioSource {

    public static final ResourceDefinitionContext GATEWAY = context("Gateway", "gateways");
    public static final ResourceDefinitionContext VIRTUAL_SERVICE = context("VirtualService", "virtualservices");

    private IstioSource() {
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("networking.istio.io").withVersion("v1").withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }

    /** What a Gateway's targets are looked up in: the Services (of --namespace) and the Ingresses. */
    public record Lookup(Collection<Service> services, Collection<Ingress> ingresses) {
    }

    public static SourceResult gateway(GenericKubernetesResource gw, Lookup lookup, SourceOptions options) {
        String resource = "gateway/" + gw.getMetadata().getNamespace() + "/" + gw.getMetadata().getName();
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(gw.getMetadata().getAnnotations(), options.prefixes(), resource, problems);
        if (!ann.isOurs()) {
            return SourceResult.EMPTY;
        }
        List<String> hosts = new ArrayList<>();
        for (Map<String, Object> server : Json.list(Json.at(gw.getAdditionalProperties(), "spec", "servers"))) {
            for (String h : Json.strings(server.get("hosts"))) {
                String host = h.contains("/") && h.split("/").length == 2 ? h.split("/")[1] : h;
                if (!host.isEmpty() && !host.equals("*")) {
                    hosts.add(host);
                }
            }
        }
        if (!options.ignoreHostnameAnnotation()) {
            ann.get(Annotations.HOSTNAME).map(Annotations::split).ifPresent(hosts::addAll);
        }
        if (options.fqdnTemplate().isSet() && (hosts.isEmpty() || options.combineFqdnAnnotation())) {
            hosts.addAll(options.fqdnTemplate().hosts(gw));
        }
        return records(hosts, targets(gw, lookup, options, problems), ann, resource, problems, options);
    }

    public static SourceResult virtualService(GenericKubernetesResource vs, List<GenericKubernetesResource> gateways, Lookup lookup,
                                              SourceOptions options) {
        String ns = vs.getMetadata().getNamespace();
        String resource = "virtualservice/" + ns + "/" + vs.getMetadata().getName();
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(vs.getMetadata().getAnnotations(), options.prefixes(), resource, problems);
        if (!ann.isOurs()) {
            return SourceResult.EMPTY;
        }
        List<String> hosts = new ArrayList<>();
        for (String h : Json.strings(Json.at(vs.getAdditionalProperties(), "spec", "hosts"))) {
            String host = h.contains("/") && h.split("/").length == 2 ? h.split("/")[1] : h;
            if (!host.isEmpty() && !host.equals("*")) {
                hosts.add(host);
            }
        }
        if (!options.ignoreHostnameAnnotation()) {
            ann.get(Annotations.HOSTNAME).map(Annotations::split).ifPresent(hosts::addAll);
        }
        List<Endpoint> out = new ArrayList<>();
        for (String host : hosts) {
            List<String> targets = ann.targets();
            if (targets.isEmpty()) {
                LinkedHashSet<String> viaGateways = new LinkedHashSet<>();
                for (String ref : Json.strings(Json.at(vs.getAdditionalProperties(), "spec", "gateways"))) {
                    gatewayOf(ref, ns, gateways).filter(gw -> binds(vs, gw, host))
                            .ifPresent(gw -> viaGateways.addAll(targets(gw, lookup, options, problems)));
                }
                targets = List.copyOf(viaGateways);
            }
            out.addAll(records(List.of(host), targets, ann, resource, problems, options).endpoints());
        }
        return new SourceResult(out, problems);
    }

    private static SourceResult records(List<String> hosts, List<String> targets, Annotations ann, String resource, List<Problem> problems,
                                        SourceOptions options) {
        List<Endpoint> out = new ArrayList<>();
        for (String h : hosts) {
            ann.hostname(h, "spec").ifPresent(name -> out.addAll(Targets.endpoints(List.of(name),
                    Targets.byType(targets, resource, "targets", problems), ann.ttl(), resource, "targets", problems)));
        }
        return new SourceResult(ObjectAnnotations.apply(ann, out, options.createPtr()), problems);
    }

    /** istio_virtualservice.go {@code getGateway}: {@code name} or {@code namespace/name}; {@code mesh} is no Gateway. */
    private static Optional<GenericKubernetesResource> gatewayOf(String ref, String vsNamespace, List<GenericKubernetesResource> gateways) {
        if (ref.isEmpty() || ref.equals("mesh") || ref.split("/").length > 2) {
            return Optional.empty();
        }
        String ns = ref.contains("/") ? ref.substring(0, ref.indexOf('/')) : vsNamespace;
        String name = ref.contains("/") ? ref.substring(ref.indexOf('/') + 1) : ref;
        return gateways.stream().filter(g -> g.getMetadata().getNamespace().equals(ns.isEmpty() ? vsNamespace : ns)
                && g.getMetadata().getName().equals(name)).findFirst();
    }

    /** istio_virtualservice.go {@code virtualServiceBindsToGateway}. */
    static boolean binds(GenericKubernetesResource vs, GenericKubernetesResource gw, String vsHost) {
        String vsNs = vs.getMetadata().getNamespace();
        String gwNs = gw.getMetadata().getNamespace();
        List<String> exportTo = Json.strings(Json.at(vs.getAdditionalProperties(), "spec", "exportTo"));
        if (!exportTo.isEmpty() && exportTo.stream().noneMatch(e -> e.equals("*") || e.equals(gwNs) || e.equals(".") && gwNs.equals(vsNs))) {
            return false;
        }
        for (Map<String, Object> server : Json.list(Json.at(gw.getAdditionalProperties(), "spec", "servers"))) {
            for (String h : Json.strings(server.get("hosts"))) {
                String[] parts = h.split("/", -1);
                if (parts.length > 2) {
                    continue;
                }
                String namespace = parts.length == 2 ? parts[0] : "*";
                String host = parts.length == 2 ? parts[1] : h;
                if (namespace.equals("*") || namespace.equals(vsNs) || namespace.equals(".") && vsNs.equals(gwNs)) {
                    if (host.equals("*") || host.equals(vsHost) || host.startsWith("*.") && vsHost.endsWith(host.substring(1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** istio_gateway.go {@code targetsFromGateway}. */
    static List<String> targets(GenericKubernetesResource gw, Lookup lookup, SourceOptions options, List<Problem> problems) {
        Annotations ann = new Annotations(gw.getMetadata().getAnnotations(), options.prefixes(), "gateway/" + gw.getMetadata().getNamespace()
                + "/" + gw.getMetadata().getName(), problems);
        List<String> targets = ann.targets();
        if (!targets.isEmpty()) {
            return targets;
        }
        Optional<String> ingress = ann.get(Annotations.INGRESS).filter(s -> !s.isEmpty());
        if (ingress.isPresent()) {
            String ref = ingress.get();
            String ns = ref.contains("/") ? ref.substring(0, ref.indexOf('/')) : gw.getMetadata().getNamespace();
            String name = ref.contains("/") ? ref.substring(ref.indexOf('/') + 1) : ref;
            return lookup.ingresses().stream().filter(i -> i.getMetadata().getNamespace().equals(ns) && i.getMetadata().getName().equals(name))
                    .findFirst().map(IstioSource::ingressTargets).orElse(List.of());
        }
        // endpoints.go EndpointTargetsFromServices: the Gateway's selector is matched against each Service's selector.
        Map<String, Object> selector = Json.map(Json.at(gw.getAdditionalProperties(), "spec", "selector"));
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Service svc : lookup.services()) {
            Map<String, String> svcSelector = svc.getSpec() == null ? Map.of() : Objects.requireNonNullElse(svc.getSpec().getSelector(), Map.of());
            if (!selector.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(svcSelector.get(e.getKey())))) {
                continue;
            }
            List<String> external = svc.getSpec() == null ? List.of() : Objects.requireNonNullElse(svc.getSpec().getExternalIPs(), List.of());
            if (!external.isEmpty()) {
                out.addAll(external);
                continue;
            }
            if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
                for (LoadBalancerIngress lb : Objects.requireNonNullElse(svc.getStatus().getLoadBalancer().getIngress(), List.<LoadBalancerIngress>of())) {
                    String t = ServiceSource.isSet(lb.getIp()) ? lb.getIp() : lb.getHostname();
                    if (ServiceSource.isSet(t)) {
                        out.add(t);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** istio_gateway.go {@code targetsFromIngress}: each load balancer's IP, else its host name. */
    private static List<String> ingressTargets(Ingress ingress) {
        List<String> out = new ArrayList<>();
        if (ingress.getStatus() != null && ingress.getStatus().getLoadBalancer() != null) {
            for (IngressLoadBalancerIngress lb : Objects.requireNonNullElse(ingress.getStatus().getLoadBalancer().getIngress(),
                    List.<IngressLoadBalancerIngress>of())) {
                String t = ServiceSource.isSet(lb.getIp()) ? lb.getIp() : lb.getHostname();
                if (ServiceSource.isSet(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
