package dev.wayfinder.config;

import java.util.List;
import java.util.Objects;

/**
 * ExternalDNS's source and filter flags exactly as given, before {@link ControllerConfig#from} checks
 * them; {@link #DEFAULTS} holds ExternalDNS's defaults.
 */
public record RawSources(
        String annotationPrefix, boolean ignoreHostnameAnnotation, List<String> fqdnTemplates, boolean combineFqdnAnnotation,
        boolean publishInternal, boolean publishHostIp, boolean alwaysPublishNotReady, List<String> serviceTypes,
        boolean excludeUnschedulable, boolean exposeInternalIpv6, List<String> ingressClasses, boolean ignoreIngressTls,
        boolean ignoreIngressRules, boolean createPtr, String podSourceDomain, boolean ignoreNonHostNetworkPods,
        String gatewayName, String gatewayNamespace, String gatewayLabelFilter,
        List<String> managedRecordTypes, List<String> excludeRecordTypes, String minTtl,
        String regexDomainFilter, String regexDomainExclusion, String providerCacheTime, String minEventSyncInterval) {

    public static final RawSources DEFAULTS = new RawSources("", false, List.of(), false, false, false, false, List.of(), true, false,
            List.of(), false, false, false, "", false, "", "", "", List.of("A", "AAAA", "CNAME"), List.of(), "0s", "", "", "0s", "0s");

    public RawSources {
        fqdnTemplates = List.copyOf(Objects.requireNonNullElse(fqdnTemplates, List.of()));
        serviceTypes = List.copyOf(Objects.requireNonNullElse(serviceTypes, List.of()));
        ingressClasses = List.copyOf(Objects.requireNonNullElse(ingressClasses, List.of()));
        managedRecordTypes = List.copyOf(Objects.requireNonNullElse(managedRecordTypes, List.of()));
        excludeRecordTypes = List.copyOf(Objects.requireNonNullElse(excludeRecordTypes, List.of()));
    }
}
