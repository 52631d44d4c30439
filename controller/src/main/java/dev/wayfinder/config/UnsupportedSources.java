package dev.wayfinder.config;

import java.util.Map;

/** ExternalDNS's {@code --source} values this controller does not read, each with the reason. */
final class UnsupportedSources {

    private static final String CRD_OF = "it reads another project's custom resources (%s); publish them through a DNSEndpoint (--source=crd) instead";

    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("contour-httpproxy", CRD_OF.formatted("Contour HTTPProxy")),
            Map.entry("openshift-route", CRD_OF.formatted("OpenShift Route")),
            Map.entry("ambassador-host", CRD_OF.formatted("Ambassador Host")),
            Map.entry("gloo-proxy", CRD_OF.formatted("Gloo Proxy")),
            Map.entry("kong-tcpingress", CRD_OF.formatted("Kong TCPIngress")),
            Map.entry("traefik-proxy", CRD_OF.formatted("Traefik IngressRoute")),
            Map.entry("skipper-routegroup", CRD_OF.formatted("Skipper RouteGroup")),
            Map.entry("f5-virtualserver", CRD_OF.formatted("F5 VirtualServer")),
            Map.entry("f5-transportserver", CRD_OF.formatted("F5 TransportServer")),
            Map.entry("unstructured", "arbitrary resources through templates are not read; publish them through a DNSEndpoint (--source=crd)"),
            Map.entry("connector", "the connector source reads endpoints from a TCP server, a test aid of ExternalDNS's"),
            Map.entry("fake", "the fake source publishes random test records, a test aid of ExternalDNS's"),
            Map.entry("empty", "the empty source publishes nothing, a test aid of ExternalDNS's"));

    private UnsupportedSources() {
    }
}
