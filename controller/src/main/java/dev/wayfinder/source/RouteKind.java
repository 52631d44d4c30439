package dev.wayfinder.source;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;

/**
 * The Gateway API route kinds ExternalDNS reads (its {@code source/gateway_*route.go}): the API version it
 * reads each at, and the listener protocol each attaches to.
 */
public enum RouteKind {
    HTTPROUTE("HTTPRoute", "v1", "HTTP"),
    GRPCROUTE("GRPCRoute", "v1", "HTTPS"),
    TLSROUTE("TLSRoute", "v1", "TLS"),
    TCPROUTE("TCPRoute", "v1alpha2", "TCP"),
    UDPROUTE("UDPRoute", "v1alpha2", "UDP");

    public static final String GROUP = "gateway.networking.k8s.io";

    /** The parent Gateways (v1). */
    public static final ResourceDefinitionContext GATEWAY = new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion("v1")
            .withKind("Gateway").withPlural("gateways").withNamespaced(true).build();

    private final String kind;
    private final String version;
    private final String protocol;

    RouteKind(String kind, String version, String protocol) {
        this.kind = kind;
        this.version = version;
        this.protocol = protocol;
    }

    public String kind() {
        return kind;
    }

    /** The listener protocol the route attaches to (gateway.go {@code gwProtocolMatches} widens it). */
    public String protocol() {
        return protocol;
    }

    /** The {@code --source} name: {@code gateway-httproute}… */
    public String sourceName() {
        return "gateway-" + kind.toLowerCase(Locale.ROOT);
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind(kind)
                .withPlural(kind.toLowerCase(Locale.ROOT) + "s").withNamespaced(true).build();
    }
}
