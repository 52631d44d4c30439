package dev.wayfinder.source;

import java.util.List;
import java.util.Set;

/**
 * How the sources read objects: ExternalDNS's source flags ({@code pkg/apis/externaldns/types.go}),
 * each with ExternalDNS's default in {@link #DEFAULTS}.
 *
 * @param prefixes                 {@code --annotation-prefix}
 * @param ignoreHostnameAnnotation {@code --ignore-hostname-annotation}
 * @param fqdnTemplate             {@code --fqdn-template}, compiled; {@link FqdnTemplate#NONE} when unset
 * @param combineFqdnAnnotation    {@code --combine-fqdn-annotation}
 * @param publishInternal          {@code --publish-internal-services}
 * @param publishHostIp            {@code --publish-host-ip}
 * @param alwaysPublishNotReady    {@code --always-publish-not-ready-addresses}
 * @param serviceTypes             {@code --service-type-filter}; empty: every type
 * @param excludeUnschedulable     {@code --exclude-unschedulable} (default true)
 * @param exposeInternalIpv6       {@code --expose-internal-ipv6}
 * @param ingressClasses           {@code --ingress-class}; empty: every class
 * @param ignoreIngressTls         {@code --ignore-ingress-tls-spec}
 * @param ignoreIngressRules       {@code --ignore-ingress-rules-spec}
 * @param createPtr                {@code --create-ptr}: a PTR record for every A/AAAA unless the object opts out
 * @param podSourceDomain          {@code --pod-source-domain}
 * @param ignoreNonHostNetworkPods {@code --ignore-non-host-network-pods}
 * @param gateways                 {@code --gateway-name}, {@code --gateway-namespace}, {@code --gateway-label-filter}
 * @param recordTypes              {@code --managed-record-types} less {@code --exclude-record-types}
 */
public record SourceOptions(
        AnnotationPrefixes prefixes,
        boolean ignoreHostnameAnnotation,
        FqdnTemplate fqdnTemplate,
        boolean combineFqdnAnnotation,
        boolean publishInternal,
        boolean publishHostIp,
        boolean alwaysPublishNotReady,
        Set<String> serviceTypes,
        boolean excludeUnschedulable,
        boolean exposeInternalIpv6,
        List<String> ingressClasses,
        boolean ignoreIngressTls,
        boolean ignoreIngressRules,
        boolean createPtr,
        String podSourceDomain,
        boolean ignoreNonHostNetworkPods,
        GatewayFilter gateways,
        RecordTypes recordTypes) {

    /** ExternalDNS's defaults. */
    public static final SourceOptions DEFAULTS = new SourceOptions(AnnotationPrefixes.DEFAULT, false, FqdnTemplate.NONE, false, false,
            false, false, Set.of(), true, false, List.of(), false, false, false, "", false, GatewayFilter.ALL, RecordTypes.DEFAULTS);

    public SourceOptions {
        serviceTypes = Set.copyOf(serviceTypes);
        ingressClasses = List.copyOf(ingressClasses);
        podSourceDomain = podSourceDomain == null ? "" : podSourceDomain;
    }

    /** {@code --service-type-filter}: whether Services of this type are read. */
    public boolean readsServiceType(String type) {
        return serviceTypes.isEmpty() || serviceTypes.contains(type);
    }

    /** Which Gateways the route sources follow: {@code --gateway-name}, {@code --gateway-namespace}, {@code --gateway-label-filter}. */
    public record GatewayFilter(String name, String namespace, Selector labels) {
        public static final GatewayFilter ALL = new GatewayFilter("", "", Selector.ALL);

        public GatewayFilter {
            name = name == null ? "" : name.trim();
            namespace = namespace == null ? "" : namespace.trim();
            labels = labels == null ? Selector.ALL : labels;
        }
    }
}
