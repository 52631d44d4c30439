package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.config.SourceKind;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Gateway API route sources against ExternalDNS's own example (docs/sources/gateway-api.md lines 73-108 at v0.22.0,
 * the Gateway my-gateway and the HTTPRoute my-route), each row naming the source/gateway.go rule it follows. The
 * route's {@code status.parents} is what a Gateway controller writes once it accepted the route.
 */
@CrudMockApi
class GatewayRouteSourceTest {

    static KubernetesClient client;

    /** docs/sources/gateway-api.md lines 74-88, with the status address a Gateway controller would set. */
    static GenericKubernetesResource gateway(String targetAnnotation, String allowedFrom) {
        return Serialization.unmarshal("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: my-gateway
                  namespace: default
                  annotations: %s
                spec:
                  gatewayClassName: cilium
                  listeners:
                    - name: https
                      hostname: "*.example.com"
                      protocol: HTTPS
                      port: 443
                      allowedRoutes: {namespaces: {from: %s}}
                status:
                  addresses: [{type: IPAddress, value: 172.18.0.40}]
                """.formatted(targetAnnotation, allowedFrom), GenericKubernetesResource.class);
    }

    /** docs/sources/gateway-api.md lines 90-107, accepted by my-gateway. */
    static GenericKubernetesResource route(String namespace, String hostnames, String annotations, boolean accepted) {
        return Serialization.unmarshal("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: my-route
                  namespace: %s
                  annotations: %s
                spec:
                  parentRefs:
                    - name: my-gateway
                      namespace: default
                  hostnames: %s
                  rules:
                    - backendRefs:
                        - name: api-service
                          port: 8080
                status:
                  parents:
                    - parentRef: {name: my-gateway, namespace: default}
                      controllerName: io.cilium/gateway-controller
                      conditions: [{type: Accepted, status: "%s", reason: Accepted}]
                """.formatted(namespace, annotations, hostnames, accepted ? "True" : "False"), GenericKubernetesResource.class);
    }

    static final String DOC_ROUTE_ANNOTATIONS = "{external-dns.kubernetes.io/cloudflare-proxied: \"true\", external-dns.kubernetes.io/ttl: \"300\"}";
    static final String DOC_GATEWAY_TARGET = "{external-dns.kubernetes.io/target: \"203.0.113.1\"}";

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("the documented example: the Gateway's target, the route's TTL (gateway.go matchRouteToListener)",
                        gateway(DOC_GATEWAY_TARGET, "Same"), route("default", "[api.example.com]", DOC_ROUTE_ANNOTATIONS, true),
                        List.of("api.example.com A [203.0.113.1] ttl=300")),
                Arguments.of("no target annotation: the Gateway's status.addresses", gateway("{}", "Same"),
                        route("default", "[api.example.com]", "{}", true), List.of("api.example.com A [172.18.0.40]")),
                Arguments.of("not Accepted by the parent: nothing (gateway.go gwRouteIsAccepted)", gateway("{}", "Same"),
                        route("default", "[api.example.com]", "{}", false), List.of()),
                Arguments.of("a host outside the listener's *.example.com: nothing (gateway.go gwMatchingHost)", gateway("{}", "Same"),
                        route("default", "[api.example.org]", "{}", true), List.of()),
                Arguments.of("no route host names: the listener's (gateway.go hosts adds \"\")", gateway("{}", "Same"),
                        route("default", "[]", "{}", true), List.of("*.example.com A [172.18.0.40]")),
                Arguments.of("a route in another namespace, listener allows Same: nothing (gateway.go routeIsAllowed)", gateway("{}", "Same"),
                        route("apps", "[api.example.com]", "{}", true), List.of()),
                Arguments.of("a route in another namespace, listener allows All", gateway("{}", "All"),
                        route("apps", "[api.example.com]", "{}", true), List.of("api.example.com A [172.18.0.40]")),
                Arguments.of("gateway-hostname-source annotation-only (docs/sources/gateway-api.md lines 175-185)", gateway("{}", "Same"),
                        route("default", "[company.public.example.com]", "{external-dns.kubernetes.io/gateway-hostname-source: annotation-only,"
                                + " external-dns.kubernetes.io/hostname: company.private.example.com}", true),
                        List.of("company.private.example.com A [172.18.0.40]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void routesAsExternalDns(String why, GenericKubernetesResource gw, GenericKubernetesResource route, List<String> expected) {
        var r = GatewayRouteSource.endpoints(RouteKind.HTTPROUTE, route, List.of(gw), Map.of("default", Map.of(), "apps", Map.of()),
                SourceOptions.DEFAULTS);
        assertThat(r.endpoints()).map(ExternalDnsBehaviourTest::show).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.endpoints()).allSatisfy(e -> assertThat(e.metadata().resource()).isEqualTo("httproute/" + route.getMetadata().getNamespace()
                + "/my-route"));
    }

    @Test
    void listenerProtocolsAndHostsMatchAsGatewayGo() {
        assertThat(GatewayMatching.protocolMatches("HTTP", "HTTPS")).isTrue();
        assertThat(GatewayMatching.protocolMatches("TCP", "TLS")).isTrue();
        assertThat(GatewayMatching.protocolMatches("UDP", "TCP")).isFalse();
        assertThat(GatewayMatching.matchingHost("*.example.com", "a.b.example.com")).contains("a.b.example.com");
        assertThat(GatewayMatching.matchingHost("*.example.com", "example.com")).isEmpty();
        assertThat(GatewayMatching.matchingHost("", "A.Example.com")).contains("a.example.com");
        assertThat(GatewayMatching.matchingHost("10.0.0.1", "")).isEmpty();
    }

    @Test
    void theRouteSourceReadsGatewaysAndRoutesFromTheApi() {
        for (RouteKind kind : List.of(RouteKind.HTTPROUTE)) {
            crd(kind.kind(), kind.context().getPlural(), "v1");
        }
        crd("Gateway", "gateways", "v1");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build()).createOr(n -> n.update());
        // With the status subresource, status is written apart from the object, as a Gateway controller does.
        for (var pair : List.of(Map.entry(RouteKind.GATEWAY, gateway(DOC_GATEWAY_TARGET, "Same")),
                Map.entry(RouteKind.HTTPROUTE.context(), route("default", "[api.example.com]", DOC_ROUTE_ANNOTATIONS, true)))) {
            var resource = client.genericKubernetesResources(pair.getKey()).inNamespace("default");
            resource.resource(pair.getValue()).create();
            resource.resource(pair.getValue()).updateStatus();
        }
        var scope = new KubernetesSources.Scope(Set.of(SourceKind.GATEWAY_HTTPROUTE), Optional.empty(), Selector.ALL, Selector.ALL);
        try (KubernetesSources sources = new KubernetesSources(client, scope, SourceOptions.DEFAULTS, () -> { })) {
            sources.start().join();
            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sources.endpoints().endpoints())
                    .map(ExternalDnsBehaviourTest::show).containsExactly("api.example.com A [203.0.113.1] ttl=300"));
        }
    }

    private static void crd(String kind, String plural, String version) {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName(plural + "." + RouteKind.GROUP).endMetadata().withNewSpec().withGroup(RouteKind.GROUP).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true).withNewSubresources().withNewStatus().endStatus()
                .endSubresources().endVersion().endSpec().build()).createOr(c -> c.update());
    }
}
