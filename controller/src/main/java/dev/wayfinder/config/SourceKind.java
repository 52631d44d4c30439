package dev.wayfinder.config;

import java.util.Locale;

/** The {@code --source} values this controller implements, by ExternalDNS's names ({@code source/types/types.go}). */
public enum SourceKind {
    SERVICE, INGRESS, CRD, GSLB, NODE, POD,
    GATEWAY_HTTPROUTE, GATEWAY_GRPCROUTE, GATEWAY_TLSROUTE, GATEWAY_TCPROUTE, GATEWAY_UDPROUTE, ISTIO_GATEWAY, ISTIO_VIRTUALSERVICE;

    /** The Gateway API route kind this source reads, if it is a route source. */
    public java.util.Optional<dev.wayfinder.source.RouteKind> route() {
        return name().startsWith("GATEWAY_") ? java.util.Optional.of(dev.wayfinder.source.RouteKind.valueOf(name().substring(8)))
                : java.util.Optional.empty();
    }

    public static SourceKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (SourceKind k : values()) {
            if (k.toString().equals(t)) {
                return k;
            }
        }
        String reason = UnsupportedSources.REASONS.get(t);
        if (reason != null) {
            throw new IllegalArgumentException("--source: " + t + " is not supported: " + reason);
        }
        throw new IllegalArgumentException("--source: unknown source '" + text + "' (expected one of " + java.util.Arrays.stream(values())
                .map(SourceKind::toString).toList() + ")");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
