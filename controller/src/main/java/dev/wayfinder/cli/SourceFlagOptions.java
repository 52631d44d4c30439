package dev.wayfinder.cli;

import dev.wayfinder.config.RawSources;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** ExternalDNS's source and filter flags ({@code pkg/apis/externaldns/types.go}), with its defaults. */
final class SourceFlagOptions {

    private static final String SPLIT = "\\r?\\n|,";

    @Option(names = "--annotation-prefix", description = "Read ExternalDNS's annotations under this prefix only."
            + " Default: external-dns.kubernetes.io/, then external-dns.alpha.kubernetes.io/ for keys it does not set.")
    String annotationPrefix = "";

    @Option(names = "--ignore-hostname-annotation", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Names from --fqdn-template only.")
    boolean ignoreHostnameAnnotation;

    @Option(names = "--fqdn-template", split = "\\r?\\n", description = "Go template of names for objects without a hostname annotation.")
    List<String> fqdnTemplates = new ArrayList<>();

    @Option(names = "--combine-fqdn-annotation", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "--fqdn-template names beside the annotated ones.")
    boolean combineFqdnAnnotation;

    @Option(names = "--publish-internal-services", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "ClusterIP Services publish their ClusterIP.")
    boolean publishInternal;

    @Option(names = "--publish-host-ip", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Headless Services publish their Pods' host IP.")
    boolean publishHostIp;

    @Option(names = "--always-publish-not-ready-addresses", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Headless Services publish not-ready endpoints too.")
    boolean alwaysPublishNotReady;

    @Option(names = "--service-type-filter", split = SPLIT, description = "Read Services of these types only; repeatable.")
    List<String> serviceTypes = new ArrayList<>();

    @Option(names = "--exclude-unschedulable", negatable = true, arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Leave unschedulable nodes out. Default: ${DEFAULT-VALUE}.")
    boolean excludeUnschedulable;

    @Option(names = "--expose-internal-ipv6", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Node records include internal IPv6 addresses.")
    boolean exposeInternalIpv6;

    @Option(names = "--ingress-class", split = SPLIT, description = "Read Ingresses of these classes only; repeatable.")
    List<String> ingressClasses = new ArrayList<>();

    @Option(names = "--ignore-ingress-tls-spec", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Do not publish Ingress spec.tls hosts.")
    boolean ignoreIngressTls;

    @Option(names = "--ignore-ingress-rules-spec", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Do not publish Ingress spec.rules hosts.")
    boolean ignoreIngressRules;

    @Option(names = {"--create-ptr"}, negatable = true, arity = "0..1", fallbackValue = "true",
            description = "A PTR record for each A/AAAA (needs PTR in --managed-record-types).")
    boolean createPtr;

    // ExternalDNS v0.21's name for --create-ptr, still in deployments.
    @Option(names = "--rfc2136-create-ptr", negatable = true, arity = "0..1", fallbackValue = "true", hidden = true)
    boolean rfc2136CreatePtr;

    @Option(names = "--pod-source-domain", description = "Pod source: <pod>.<domain> → the Pod IP.")
    String podSourceDomain = "";

    @Option(names = "--ignore-non-host-network-pods", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Pod source: only host-network Pods.")
    boolean ignoreNonHostNetworkPods;

    @Option(names = "--gateway-name", description = "Route sources: follow Gateways of this name only.")
    String gatewayName = "";

    @Option(names = "--gateway-namespace", description = "Route sources: follow Gateways of this namespace only.")
    String gatewayNamespace = "";

    @Option(names = "--gateway-label-filter", description = "Route sources: follow Gateways whose labels match.")
    String gatewayLabelFilter = "";

    @Option(names = "--managed-record-types", split = SPLIT, defaultValue = "A,AAAA,CNAME",
            description = "Record types published; repeatable. Default: ${DEFAULT-VALUE}.")
    List<String> managedRecordTypes;

    @Option(names = "--exclude-record-types", split = SPLIT, description = "Record types never published; repeatable.")
    List<String> excludeRecordTypes = new ArrayList<>();

    @Option(names = "--min-ttl", defaultValue = "0s", description = "TTL of records whose object sets none. Default: ${DEFAULT-VALUE}.")
    String minTtl;

    @Option(names = "--regex-domain-filter", description = "Names matching this expression; replaces --domain-filter.")
    String regexDomainFilter = "";

    @Option(names = "--regex-domain-exclusion", description = "Never names matching this expression.")
    String regexDomainExclusion = "";

    @Option(names = "--provider-cache-time", defaultValue = "0s", description = "How long a provider read is reused. Default: ${DEFAULT-VALUE}.")
    String providerCacheTime;

    @Option(names = "--min-event-sync-interval", defaultValue = "0s",
            description = "Shortest time between passes triggered by object changes. Default: ${DEFAULT-VALUE} (ExternalDNS: 5s).")
    String minEventSyncInterval;

    RawSources raw() {
        return new RawSources(annotationPrefix, ignoreHostnameAnnotation, fqdnTemplates, combineFqdnAnnotation, publishInternal, publishHostIp,
                alwaysPublishNotReady, serviceTypes, excludeUnschedulable, exposeInternalIpv6, ingressClasses, ignoreIngressTls,
                ignoreIngressRules, createPtr || rfc2136CreatePtr, podSourceDomain, ignoreNonHostNetworkPods, gatewayName, gatewayNamespace,
                gatewayLabelFilter, managedRecordTypes, excludeRecordTypes, minTtl, regexDomainFilter, regexDomainExclusion,
                providerCacheTime, minEventSyncInterval);
    }
}
