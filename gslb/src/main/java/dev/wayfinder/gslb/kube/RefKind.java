package dev.wayfinder.gslb.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;

/**
 * A custom resource kind a Gslb's {@code resourceRef} leads to, watched only once some Gslb refers to it. The kinds and
 * versions are k8gb v0.21's (controllers/refresolver/refresolver.go lines 57-93): Istio VirtualService
 * ({@code networking.istio.io/v1beta1} or {@code v1}), Gateway API HTTPRoute and GRPCRoute ({@code v1}), TCPRoute and
 * UDPRoute ({@code v1alpha2}), TLSRoute ({@code v1}, {@code v1alpha2}, {@code v1alpha3}); and what they lead on to: the
 * Gateway API Gateway ({@code v1}) and the Istio Gateway.
 */
public record RefKind(String group, String version, String kind, String plural) {

    public static final String GATEWAY_API = "gateway.networking.k8s.io";
    public static final String ISTIO = "networking.istio.io";
    public static final RefKind GATEWAY = new RefKind(GATEWAY_API, "v1", "Gateway", "gateways");

    /** The route kinds k8gb resolves, by apiVersion and kind. */
    static final List<RefKind> ROUTES = List.of(
            new RefKind(GATEWAY_API, "v1", "HTTPRoute", "httproutes"),
            new RefKind(GATEWAY_API, "v1", "GRPCRoute", "grpcroutes"),
            new RefKind(GATEWAY_API, "v1alpha2", "TCPRoute", "tcproutes"),
            new RefKind(GATEWAY_API, "v1alpha2", "UDPRoute", "udproutes"),
            new RefKind(GATEWAY_API, "v1", "TLSRoute", "tlsroutes"),
            new RefKind(GATEWAY_API, "v1alpha2", "TLSRoute", "tlsroutes"),
            new RefKind(GATEWAY_API, "v1alpha3", "TLSRoute", "tlsroutes"));

    /** The Istio VirtualService in the version the reference names ({@code v1} and {@code v1beta1} serve the same objects). */
    static Optional<RefKind> virtualService(String apiVersion) {
        return switch (apiVersion) {
            case ISTIO + "/v1", ISTIO + "/v1beta1" ->
                    Optional.of(new RefKind(ISTIO, apiVersion.substring(ISTIO.length() + 1), "VirtualService", "virtualservices"));
            default -> Optional.empty();
        };
    }

    /** The Istio Gateway read in the same version as the VirtualService that names it. */
    RefKind istioGateway() {
        return new RefKind(ISTIO, version, "Gateway", "gateways");
    }

    static Optional<RefKind> route(String apiVersion, String kind) {
        return ROUTES.stream().filter(r -> r.apiVersion().equals(apiVersion) && r.kind().equals(kind)).findFirst();
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }

    @Override
    public String toString() {
        return kind + " " + apiVersion();
    }
}
