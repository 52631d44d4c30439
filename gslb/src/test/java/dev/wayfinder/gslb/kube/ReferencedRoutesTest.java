package dev.wayfinder.gslb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.kube.GslbBinding.LbAddress;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gateway API routes and Istio VirtualServices in {@code spec.resourceRef}, with k8gb's own reference-resolver fixtures
 * (src/test/resources/k8gb/refresolver, each citing its file in k8gb v0.21): the hosts, their backing Services with
 * namespaces, and the addresses of the Gateway (or of the Istio gateway's Service), as k8gb's resolvers find them.
 */
class ReferencedRoutesTest {

    static <T> T load(String file, Class<T> type) {
        try (InputStream in = ReferencedRoutesTest.class.getResourceAsStream("/k8gb/refresolver/" + file)) {
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GslbSpec gslb(String file) {
        return GslbParser.parse(load(file, GenericKubernetesResource.class));
    }

    /** A view with the given generic objects (each under the kind its apiVersion and kind name) and Services. */
    static GslbBindingTest.View view(List<Service> services, String... files) {
        Map<RefKind, List<GenericKubernetesResource>> generic = new HashMap<>();
        for (String f : files) {
            GenericKubernetesResource r = load(f, GenericKubernetesResource.class);
            RefKind kind = RefKind.route(r.getApiVersion(), r.getKind())
                    .or(() -> RefKind.virtualService(r.getApiVersion()).filter(k -> r.getKind().equals("VirtualService")))
                    .orElseGet(() -> r.getApiVersion().startsWith(RefKind.ISTIO) ? new RefKind(RefKind.ISTIO,
                            r.getApiVersion().substring(RefKind.ISTIO.length() + 1), "Gateway", "gateways") : RefKind.GATEWAY);
            generic.computeIfAbsent(kind, k -> new ArrayList<>()).add(r);
        }
        return new GslbBindingTest.View(List.of(), services, generic);
    }

    static String hosts(GslbBinding b) {
        return String.join(" ", b.hosts().stream().map(h -> h.name() + "=" + String.join(",", h.services().stream()
                .map(Object::toString).toList())).toList());
    }

    static String addresses(GslbBinding b) {
        return b.exposure().map(e -> e.object() + " " + String.join(" ", e.addresses().stream().map(LbAddress::value).toList())).orElse("");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "gslb_gatewayapi_httproute.yaml         | gatewayapi_httproute.yaml         | gatewayapi-httproute.cloud.example.com=test-gslb/gatewayapi-httproute-service",
        "gslb_gatewayapi_tlsroute.yaml          | gatewayapi_tlsroute.yaml          | gatewayapi-tlsroute.cloud.example.com=test-gslb/gatewayapi-tlsroute-service",
        "gslb_gatewayapi_tlsroute_v1.yaml       | gatewayapi_tlsroute_v1.yaml       | gatewayapi-tlsroute.cloud.example.com=test-gslb/gatewayapi-tlsroute-service",
        "gslb_gatewayapi_tlsroute_v1alpha2.yaml | gatewayapi_tlsroute_v1alpha2.yaml | gatewayapi-tlsroute.cloud.example.com=test-gslb/gatewayapi-tlsroute-service",
        "gslb_gatewayapi_tcproute.yaml          | gatewayapi_tcproute.yaml          | gatewayapi-tcproute.cloud.example.com=test-gslb/gatewayapi-tcproute-service",
        "gslb_gatewayapi_udproute.yaml          | gatewayapi_udproute.yaml          | gatewayapi-udproute.cloud.example.com=test-gslb/gatewayapi-udproute-service",
        "gslb_gatewayapi_httproute.yaml         | gatewayapi_httproute_backend_with_namespace.yaml | gatewayapi-httproute.cloud.example.com=test-backend/gatewayapi-httproute-service",
    })
    void everyRouteKindThroughItsGateway(String gslb, String route, String hosts) {
        GslbBinding b = GslbBinding.of(gslb(gslb), view(List.of(), route, "gatewayapi_gateway.yaml"));

        assertThat(b.problems()).isEmpty();
        assertThat(hosts(b)).isEqualTo(hosts);
        assertThat(addresses(b)).isEqualTo("Gateway test-gslb/gatewayapi-gateway 10.0.0.1");
    }

    /** k8gb's own gatewayapi_grpcroute.yaml is written with kind HTTPRoute; here it is a GRPCRoute, as the Gslb refers to it. */
    @Test
    void aGrpcRoute() {
        GenericKubernetesResource route = load("gatewayapi_grpcroute.yaml", GenericKubernetesResource.class);
        route.setKind("GRPCRoute");
        GslbBindingTest.View v = view(List.of(), "gatewayapi_gateway.yaml");
        Map<RefKind, List<GenericKubernetesResource>> generic = new HashMap<>(v.generic());
        generic.put(RefKind.route("gateway.networking.k8s.io/v1", "GRPCRoute").orElseThrow(), List.of(route));

        GslbBinding b = GslbBinding.of(gslb("gslb_gatewayapi_grpcroute.yaml"), new GslbBindingTest.View(List.of(), List.of(), generic));

        assertThat(b.problems()).isEmpty();
        assertThat(hosts(b)).isEqualTo("gatewayapi-grpcroute.cloud.example.com=test-gslb/gatewayapi-grpcroute-service");
        assertThat(addresses(b)).isEqualTo("Gateway test-gslb/gatewayapi-gateway 10.0.0.1");
    }

    @Test
    void aGatewayAddressWithoutTypeIsAnIp() {
        GslbBinding b = GslbBinding.of(gslb("gslb_gatewayapi_httproute.yaml"),
                view(List.of(), "gatewayapi_httproute.yaml", "gatewayapi_gateway_multiple_ips.yaml"));

        assertThat(b.exposure().orElseThrow().addresses()).extracting(LbAddress::kind, LbAddress::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LbAddress.Kind.IP, "10.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple(LbAddress.Kind.IP, "10.0.0.2"));
    }

    @Test
    void aTcpRouteWithoutTheHostnameAnnotationHasNoHost() {
        GenericKubernetesResource g = load("gslb_gatewayapi_tcproute.yaml", GenericKubernetesResource.class);
        g.getMetadata().setAnnotations(Map.of());

        GslbBinding b = GslbBinding.of(GslbParser.parse(g), view(List.of(), "gatewayapi_tcproute.yaml", "gatewayapi_gateway.yaml"));

        assertThat(b.hosts()).isEmpty();
        assertThat(b.problems()).containsExactly("metadata.annotations[k8gb.io/hostname]: required with a TCPRoute, which has no host name"
                + " of its own");
    }

    @Test
    void aMissingGatewayOrUninstalledKindIsNamed() {
        GslbBinding noGateway = GslbBinding.of(gslb("gslb_gatewayapi_httproute.yaml"), view(List.of(), "gatewayapi_httproute.yaml",
                "gatewayapi_tlsroute.yaml"));
        assertThat(noGateway.hosts()).hasSize(1);
        assertThat(noGateway.exposure()).isEmpty();
        assertThat(noGateway.problems()).containsExactly("spec.resourceRef: HTTPRoute test-gslb/gatewayapi-httproute: Gateway"
                + " gateway.networking.k8s.io/v1 is not served by this cluster (its CRD is not installed)");

        GslbBinding noCrd = GslbBinding.of(gslb("gslb_gatewayapi_httproute.yaml"), view(List.of()));
        assertThat(noCrd.problems()).containsExactly("spec.resourceRef: HTTPRoute gateway.networking.k8s.io/v1 is not served by this"
                + " cluster (its CRD is not installed)");
    }

    @Test
    void anIstioVirtualServiceThroughItsGatewaysService() {
        Service ingressGateway = load("istio_service.yaml", Service.class);

        GslbBinding b = GslbBinding.of(gslb("gslb_istio.yaml"), view(List.of(ingressGateway), "istio_virtualservice_multiple_routes.yaml",
                "istio_gateway.yaml"));

        assertThat(b.problems()).isEmpty();
        assertThat(hosts(b)).isEqualTo("istio.cloud.example.com=test-gslb/istio1,test-gslb/istio2");
        assertThat(addresses(b)).isEqualTo("Service istio-ingress/istio-ingressgateway 10.0.0.1");
    }

    @Test
    void anIstioGatewayWhoseSelectorMatchesNoServiceIsNamed() {
        GslbBinding b = GslbBinding.of(gslb("gslb_istio.yaml"), view(List.of(), "istio_virtualservice.yaml", "istio_gateway.yaml"));

        assertThat(hosts(b)).isEqualTo("istio.cloud.example.com=test-gslb/istio");
        assertThat(b.exposure()).isEmpty();
        assertThat(b.problems()).containsExactly("spec.resourceRef: VirtualService test-gslb/istio: the selector {app=istio-ingressgateway}"
                + " of Gateway istio-ingress/istio matches 0 Services; exactly one must expose it");
    }
}
