package dev.wayfinder.source;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --source=gateway-httproute} (and grpcroute, tlsroute, tcproute, udproute), as ExternalDNS's
 * {@code source/gateway.go}: a route's host names (its {@code spec.hostnames}, the {@code hostname}
 * annotation, {@code --fqdn-template}; {@code gateway-hostname-source} chooses) intersected with the
 * host names of the listeners of each parent Gateway that accepted it ({@code status.parents[].conditions}
 * Accepted) and allows it (protocol, port, {@code allowedRoutes} namespaces and kinds), published at the
 * Gateway's {@code status.addresses}, or its {@code target} annotation. Every other annotation (TTL,
 * set identifier, group) is read from the route. ListenerSet parents are not followed.
 */
public final class GatewayRouteSource {

    private GatewayRouteSource() {
    }

    /** One route's records; {@code gateways} are the followed Gateways, {@code namespaceLabels} every namespace's labels. */
    public static SourceResult endpoints(RouteKind kind, GenericKubernetesResource route, List<GenericKubernetesResource> gateways,
                                         Map<String, Map<String, String>> namespaceLabels, SourceOptions options) {
        String ns = route.getMetadata().getNamespace();
        String resource = kind.kind().toLowerCase(Locale.ROOT) + "/" + ns + "/" + route.getMetadata().getName();
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(route.getMetadata().getAnnotations(), options.prefixes(), resource, problems);
        if (!ann.isOurs()) {
            return SourceResult.EMPTY;
        }
        List<String> routeHosts = hosts(kind, route, ann, options);
        Map<String, Set<String>> hostTargets = new LinkedHashMap<>();
        List<Map<String, Object>> parentRefs = Json.list(Json.at(route.getAdditionalProperties(), "spec", "parentRefs"));
        for (Map<String, Object> status : Json.list(Json.at(route.getAdditionalProperties(), "status", "parents"))) {
            Map<String, Object> ref = Json.map(status.get("parentRef"));
            String refNs = Json.str(ref.get("namespace"), ns);
            if (!Json.str(ref.get("group"), RouteKind.GROUP).equals(RouteKind.GROUP) || !Json.str(ref.get("kind"), "Gateway").equals("Gateway")
                    || parentRefs.stream().noneMatch(r -> sameParent(r, ref, ns)) || !Json.conditionTrue(status.get("conditions"), "Accepted")) {
                continue;
            }
            Optional<GenericKubernetesResource> gateway = gateways.stream().filter(g -> g.getMetadata().getNamespace().equals(refNs)
                    && g.getMetadata().getName().equals(Json.str(ref.get("name"), ""))).findFirst();
            if (gateway.isEmpty() || !options.gateways().name().isEmpty() && !options.gateways().name().equals(gateway.get().getMetadata().getName())) {
                continue;
            }
            matchListeners(kind, route, routeHosts, ref, gateway.get(), namespaceLabels, options, hostTargets);
        }
        List<Endpoint> out = new ArrayList<>();
        hostTargets.forEach((host, targets) -> ann.hostname(host, "spec.hostnames").ifPresent(name ->
                out.addAll(Targets.endpoints(List.of(name), Targets.byType(targets, resource, "status.addresses", problems), ann.ttl(), resource,
                        "status.addresses", problems))));
        return new SourceResult(ObjectAnnotations.apply(ann, out, options.createPtr()), problems);
    }

    /** gateway.go {@code hosts}: "" stands for "the listener's host name". */
    private static List<String> hosts(RouteKind kind, GenericKubernetesResource route, Annotations ann, SourceOptions options) {
        List<String> spec = kind == RouteKind.TCPROUTE || kind == RouteKind.UDPROUTE ? List.of()
                : Json.strings(Json.at(route.getAdditionalProperties(), "spec", "hostnames"));
        List<String> hosts = new ArrayList<>(spec);
        if (options.fqdnTemplate().isSet() && (spec.isEmpty() || options.combineFqdnAnnotation())) {
            hosts.addAll(options.fqdnTemplate().hosts(route));
        }
        List<String> annotated = options.ignoreHostnameAnnotation() ? List.of()
                : ann.get(Annotations.HOSTNAME).map(Annotations::split).orElse(List.of());
        String source = ann.get(Annotations.GATEWAY_HOSTNAME_SOURCE).map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
        if (source.equals("annotation-only")) {
            return annotated;
        }
        if (source.equals("defined-hosts-only")) {
            return hosts;
        }
        if (spec.isEmpty()) {
            hosts.add("");
        }
        hosts.addAll(annotated);
        return hosts;
    }

    private static boolean sameParent(Map<String, Object> specRef, Map<String, Object> statusRef, String routeNs) {
        return Json.str(specRef.get("group"), RouteKind.GROUP).equals(Json.str(statusRef.get("group"), RouteKind.GROUP))
                && Json.str(specRef.get("kind"), "Gateway").equals(Json.str(statusRef.get("kind"), "Gateway"))
                && Json.str(specRef.get("name"), "").equals(Json.str(statusRef.get("name"), ""))
                && Json.str(specRef.get("namespace"), routeNs).equals(Json.str(statusRef.get("namespace"), routeNs));
    }

    /** gateway.go {@code matchRouteToListener} over the section the parent reference names (all listeners when none). */
    private static void matchListeners(RouteKind kind, GenericKubernetesResource route, List<String> routeHosts, Map<String, Object> ref,
                                       GenericKubernetesResource gateway, Map<String, Map<String, String>> namespaceLabels,
                                       SourceOptions options, Map<String, Set<String>> hostTargets) {
        String section = Json.str(ref.get("sectionName"), "");
        List<String> overrides = new Annotations(gateway.getMetadata().getAnnotations(), options.prefixes(), "", new ArrayList<>()).targets();
        List<String> addresses = Json.list(Json.at(gateway.getAdditionalProperties(), "status", "addresses")).stream()
                .map(a -> Json.str(a.get("value"), "")).filter(v -> !v.isEmpty()).toList();
        for (Map<String, Object> listener : Json.list(Json.at(gateway.getAdditionalProperties(), "spec", "listeners"))) {
            if (!section.isEmpty() && !section.equals(Json.str(listener.get("name"), ""))
                    || !GatewayMatching.protocolMatches(kind.protocol(), Json.str(listener.get("protocol"), ""))
                    || ref.get("port") instanceof Number p && !(listener.get("port") instanceof Number lp && lp.intValue() == p.intValue())
                    || !GatewayMatching.routeAllowed(kind, route, gateway.getMetadata().getNamespace(), Json.map(listener.get("allowedRoutes")),
                    namespaceLabels)) {
                continue;
            }
            String listenerHost = Json.str(listener.get("hostname"), "");
            for (String routeHost : routeHosts) {
                if (listenerHost.isEmpty() && routeHost.isEmpty()) {
                    continue;
                }
                GatewayMatching.matchingHost(listenerHost, routeHost).ifPresent(host ->
                        hostTargets.computeIfAbsent(host, h -> new LinkedHashSet<>()).addAll(overrides.isEmpty() ? addresses : overrides));
            }
        }
    }

}
