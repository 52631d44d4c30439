package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.config.SourceKind;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Istio sources against ExternalDNS's own Istio walkthrough (docs/sources/istio.md at v0.22.0: the Gateway
 * httpbin-gateway of lines 169-183 and 220-234, the VirtualService httpbin of lines 191-210 and 242-261), with the
 * ingress gateway's Service as Istio's chart installs it (selector istio: ingressgateway) and its load-balancer address.
 */
@CrudMockApi
class IstioSourceTest {

    static KubernetesClient client;

    /** docs/sources/istio.md lines 169-183 (hosts httpbin.example.com) or 220-234 (hosts "*"). */
    static GenericKubernetesResource gateway(String host, String annotations) {
        return Serialization.unmarshal("""
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata:
                  name: httpbin-gateway
                  namespace: istio-system
                  annotations: %s
                spec:
                  selector:
                    istio: ingressgateway
                  servers:
                  - port: {number: 80, name: http, protocol: HTTP}
                    hosts: ["%s"]
                """.formatted(annotations, host), GenericKubernetesResource.class);
    }

    /** docs/sources/istio.md lines 242-261. */
    static final GenericKubernetesResource VIRTUAL_SERVICE = Serialization.unmarshal("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: httpbin
              namespace: default
            spec:
              hosts:
              - "httpbin.example.com"
              gateways:
              - istio-system/httpbin-gateway
              http:
              - match: [{uri: {prefix: /status}}, {uri: {prefix: /delay}}]
                route: [{destination: {port: {number: 8000}, host: httpbin}}]
            """, GenericKubernetesResource.class);

    static final Service INGRESS_GATEWAY = new ServiceBuilder().withNewMetadata().withNamespace("istio-system").withName("istio-ingressgateway")
            .endMetadata().withNewSpec().withType("LoadBalancer").addToSelector("istio", "ingressgateway").addToSelector("app", "istio-ingressgateway")
            .endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.0.60").endIngress().endLoadBalancer().endStatus().build();

    static final IstioSource.Lookup LOOKUP = new IstioSource.Lookup(List.of(INGRESS_GATEWAY), List.of());

    @Test
    void aGatewaysHostsAtItsIngressGatewayServicesAddress() {
        // istio_gateway.go hostNamesFromGateway + endpoints.go EndpointTargetsFromServices
        var r = IstioSource.gateway(gateway("httpbin.example.com", "{}"), LOOKUP, SourceOptions.DEFAULTS);
        assertThat(r.endpoints()).map(ExternalDnsBehaviourTest::show).containsExactly("httpbin.example.com A [172.18.0.60]");
        assertThat(r.endpoints().get(0).metadata().resource()).isEqualTo("gateway/istio-system/httpbin-gateway");
    }

    @Test
    void aGatewayWithOnlyTheWildcardHostPublishesNothingItself() {
        assertThat(IstioSource.gateway(gateway("*", "{}"), LOOKUP, SourceOptions.DEFAULTS).endpoints()).isEmpty();
    }

    @Test
    void theIngressAnnotationTakesTheTargetsFromThatIngress() {
        // docs/sources/istio.md lines 302-320 (there with hosts "*"): external-dns.kubernetes.io/ingress names an Ingress;
        // istio_gateway.go targetsFromIngress
        var ingress = new IngressBuilder().withNewMetadata().withNamespace("ing").withName("front").endMetadata().withNewStatus()
                .withNewLoadBalancer().addNewIngress().withHostname("lb.example.net").endIngress().endLoadBalancer().endStatus().build();
        var r = IstioSource.gateway(gateway("httpbin.example.com", "{external-dns.kubernetes.io/ingress: ing/front}"),
                new IstioSource.Lookup(List.of(INGRESS_GATEWAY), List.of(ingress)), SourceOptions.DEFAULTS);
        assertThat(r.endpoints()).map(ExternalDnsBehaviourTest::show).containsExactly("httpbin.example.com CNAME [lb.example.net]");
    }

    @Test
    void aVirtualServicesHostsThroughTheGatewayThatBindsThem() {
        // istio_virtualservice.go targetsFromVirtualService + virtualServiceBindsToGateway ("*" binds every host)
        var r = IstioSource.virtualService(VIRTUAL_SERVICE, List.of(gateway("*", "{}")), LOOKUP, SourceOptions.DEFAULTS);
        assertThat(r.endpoints()).map(ExternalDnsBehaviourTest::show).containsExactly("httpbin.example.com A [172.18.0.60]");
        assertThat(r.endpoints().get(0).metadata().resource()).isEqualTo("virtualservice/default/httpbin");
        // A Gateway whose hosts do not cover the VirtualService's host gives it no target.
        assertThat(IstioSource.virtualService(VIRTUAL_SERVICE, List.of(gateway("other.example.com", "{}")), LOOKUP, SourceOptions.DEFAULTS)
                .endpoints()).isEmpty();
    }

    @Test
    void bothSourcesReadTheirResourcesFromTheApi() {
        crd("Gateway", "gateways");
        crd("VirtualService", "virtualservices");
        client.resource(INGRESS_GATEWAY).create();
        client.resource(new ServiceBuilder(INGRESS_GATEWAY).build()).updateStatus();
        client.genericKubernetesResources(IstioSource.GATEWAY).inNamespace("istio-system").resource(gateway("*", "{}")).create();
        client.genericKubernetesResources(IstioSource.VIRTUAL_SERVICE).inNamespace("default").resource(VIRTUAL_SERVICE).create();
        var scope = new KubernetesSources.Scope(Set.of(SourceKind.ISTIO_GATEWAY, SourceKind.ISTIO_VIRTUALSERVICE), Optional.empty(),
                Selector.ALL, Selector.ALL);
        try (KubernetesSources sources = new KubernetesSources(client, scope, SourceOptions.DEFAULTS, () -> { })) {
            sources.start().join();
            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sources.endpoints().endpoints())
                    .map(ExternalDnsBehaviourTest::show).containsExactly("httpbin.example.com A [172.18.0.60]"));
        }
    }

    private static void crd(String kind, String plural) {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName(plural + ".networking.istio.io").endMetadata().withNewSpec().withGroup("networking.istio.io").withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec().build()).createOr(c -> c.update());
    }
}
