package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.defaultOnly;
import static dev.wayfinder.cli.flags.FlagRow.implemented;
import static dev.wayfinder.cli.flags.FlagRow.noEffect;
import static dev.wayfinder.cli.flags.FlagRow.refused;

import java.util.List;

/** ExternalDNS's flags for its sources. */
final class SourceFlags {

    private SourceFlags() {
    }

    private static String sourceUnsupported(String source) {
        return "source " + source + " is not supported, so this flag has nothing to configure";
    }

    static final List<FlagRow> ROWS = List.of(
            implemented("source", "", "service, ingress, crd, node, pod, gateway-httproute, gateway-grpcroute, gateway-tlsroute,"
                    + " gateway-tcproute, gateway-udproute, istio-gateway, istio-virtualservice, gslb; repeatable (required); the others are refused"
                    + " with the reason"),
            implemented("ignore-hostname-annotation", "false", "names from --fqdn-template only; the hostname annotations are not read"),
            implemented("fqdn-template", "", "Go template of names for objects without a hostname annotation (fields, index, printf"
                    + " and ExternalDNS's string functions)"),
            implemented("combine-fqdn-annotation", "false", "--fqdn-template names beside the annotated ones"),
            refused("target-template", "", "target templates are not implemented; set the target annotation"),
            refused("fqdn-target-template", "", "name:target templates are not implemented; use a DNSEndpoint (--source=crd)"),
            implemented("publish-internal-services", "false", "ClusterIP Services publish their ClusterIP"),
            implemented("publish-host-ip", "false", "headless Services publish their Pods' host IP"),
            implemented("always-publish-not-ready-addresses", "false", "headless Services publish not-ready endpoints too"),
            implemented("service-type-filter", "", "read Services of these types only (ClusterIP, NodePort, LoadBalancer, ExternalName)"),
            implemented("exclude-unschedulable", "true", "unschedulable nodes are left out of NodePort and node records"),
            implemented("expose-internal-ipv6", "false", "node records include internal IPv6 addresses"),
            implemented("ingress-class", "", "read Ingresses of these classes only (spec.ingressClassName, else kubernetes.io/ingress.class)"),
            implemented("ignore-ingress-tls-spec", "false", "Ingress spec.tls hosts are not published"),
            implemented("ignore-ingress-rules-spec", "false", "Ingress spec.rules hosts are not published"),
            implemented("pod-source-domain", "", "pod source: <pod>.<domain> → the Pod IP"),
            implemented("ignore-non-host-network-pods", "false", "pod source: only host-network Pods"),
            implemented("create-ptr", "false", "a PTR record for each A/AAAA (an object opts out with record-type: \"\"); needs PTR in"
                    + " --managed-record-types"),
            implemented("min-ttl", "0s", "TTL of records whose object sets none (0s: the provider's default)"),
            defaultOnly("crd-source-apiversion", "externaldns.k8s.io/v1alpha1", "only externaldns.k8s.io/v1alpha1 DNSEndpoints are read"),
            defaultOnly("crd-source-kind", "DNSEndpoint", "only externaldns.k8s.io/v1alpha1 DNSEndpoints are read"),
            defaultOnly("default-targets", "", "DNSEndpoints without targets are not filled in; give their targets"),
            defaultOnly("force-default-targets", "false", "DNSEndpoints without targets are not filled in; give their targets"),
            defaultOnly("compatibility", "", "the legacy mate, molecule and kops annotations are not read"),
            defaultOnly("nat64-networks", "", "NAT64 A records are not synthesised; publish the IPv4 address"),
            defaultOnly("target-net-filter", "", "targets are not filtered by network"),
            defaultOnly("exclude-target-net", "", "targets are not filtered by network"),
            defaultOnly("events-emit", "", "ExternalDNS's RecordReady/RecordDeleted/RecordError events are not posted; this controller"
                    + " always posts its own Events (published, invalid input, conflicts) on the objects"),
            noEffect("prefer-alias", "false", "only AWS and PowerDNS read the alias property"),
            refused("gloo-namespace", "gloo-system", sourceUnsupported("gloo-proxy")),
            refused("skipper-routegroup-groupversion", "zalando.org/v1", sourceUnsupported("skipper-routegroup")),
            refused("openshift-router-name", "", sourceUnsupported("openshift-route")),
            refused("traefik-enable-legacy", "false", sourceUnsupported("traefik-proxy")),
            refused("traefik-disable-new", "false", sourceUnsupported("traefik-proxy")),
            refused("unstructured-resource", "", sourceUnsupported("unstructured")),
            refused("connector-source-server", "localhost:8080", sourceUnsupported("connector")));
}
