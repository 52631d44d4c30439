package dev.wayfinder.config;

import dev.wayfinder.gslb.settings.RawGslb;
import java.util.List;
import java.util.Map;

/**
 * The controller's settings exactly as given (flags, with {@code ETCD_*} from the environment
 * underneath), before anything is checked. {@link ControllerConfig#from} validates them all at once.
 * {@code provider} may name several providers, comma-separated.
 */
public record RawSettings(
        List<String> sources,
        String provider,
        List<String> domainFilters,
        List<String> excludeDomains,
        String ownerId,
        String policy,
        String interval,
        boolean once,
        boolean dryRun,
        String namespace,
        String annotationFilter,
        String labelFilter,
        String kubeconfig,
        String corednsPrefix,
        long defaultTtl,
        String metricsAddress,
        double maxDeleteShare,
        boolean forceDeletes,
        boolean leaderElect,
        String leaderElectionNamespace,
        String leaderElectionId,
        String serveDns,
        Map<String, String> etcd,
        RawRfc2136 rfc2136,
        RawGslb gslb,
        RawSources sourceFlags,
        RawRegistry registry) {

    public RawSettings {
        sources = List.copyOf(sources);
        domainFilters = List.copyOf(domainFilters);
        excludeDomains = List.copyOf(excludeDomains);
        etcd = Map.copyOf(etcd);
        rfc2136 = rfc2136 == null ? RawRfc2136.DEFAULTS : rfc2136;
        gslb = gslb == null ? RawGslb.DEFAULTS : gslb;
        sourceFlags = sourceFlags == null ? RawSources.DEFAULTS : sourceFlags;
        registry = registry == null ? RawRegistry.DEFAULTS : registry;
    }

    /** With ExternalDNS's default source and registry flags. */
    public RawSettings(List<String> sources, String provider, List<String> domainFilters, List<String> excludeDomains, String ownerId,
                       String policy, String interval, boolean once, boolean dryRun, String namespace, String annotationFilter,
                       String labelFilter, String kubeconfig, String corednsPrefix, long defaultTtl, String metricsAddress,
                       double maxDeleteShare, boolean forceDeletes, boolean leaderElect, String leaderElectionNamespace,
                       String leaderElectionId, String serveDns, Map<String, String> etcd, RawRfc2136 rfc2136, RawGslb gslb) {
        this(sources, provider, domainFilters, excludeDomains, ownerId, policy, interval, once, dryRun, namespace, annotationFilter,
                labelFilter, kubeconfig, corednsPrefix, defaultTtl, metricsAddress, maxDeleteShare, forceDeletes, leaderElect,
                leaderElectionNamespace, leaderElectionId, serveDns, etcd, rfc2136, gslb, RawSources.DEFAULTS, RawRegistry.DEFAULTS);
    }

    /** Without GSLB settings. */
    public RawSettings(List<String> sources, String provider, List<String> domainFilters, List<String> excludeDomains, String ownerId,
                       String policy, String interval, boolean once, boolean dryRun, String namespace, String annotationFilter,
                       String labelFilter, String kubeconfig, String corednsPrefix, long defaultTtl, String metricsAddress,
                       double maxDeleteShare, boolean forceDeletes, boolean leaderElect, String leaderElectionNamespace,
                       String leaderElectionId, String serveDns, Map<String, String> etcd, RawRfc2136 rfc2136) {
        this(sources, provider, domainFilters, excludeDomains, ownerId, policy, interval, once, dryRun, namespace, annotationFilter,
                labelFilter, kubeconfig, corednsPrefix, defaultTtl, metricsAddress, maxDeleteShare, forceDeletes, leaderElect,
                leaderElectionNamespace, leaderElectionId, serveDns, etcd, rfc2136, RawGslb.DEFAULTS, RawSources.DEFAULTS, RawRegistry.DEFAULTS);
    }

    /** Without RFC 2136 settings (callers that use etcd or memory only). */
    public RawSettings(List<String> sources, String provider, List<String> domainFilters, List<String> excludeDomains, String ownerId,
                       String policy, String interval, boolean once, boolean dryRun, String namespace, String annotationFilter,
                       String labelFilter, String kubeconfig, String corednsPrefix, long defaultTtl, String metricsAddress,
                       double maxDeleteShare, boolean forceDeletes, boolean leaderElect, String leaderElectionNamespace,
                       String leaderElectionId, String serveDns, Map<String, String> etcd) {
        this(sources, provider, domainFilters, excludeDomains, ownerId, policy, interval, once, dryRun, namespace, annotationFilter,
                labelFilter, kubeconfig, corednsPrefix, defaultTtl, metricsAddress, maxDeleteShare, forceDeletes, leaderElect,
                leaderElectionNamespace, leaderElectionId, serveDns, etcd, RawRfc2136.DEFAULTS, RawGslb.DEFAULTS, RawSources.DEFAULTS, RawRegistry.DEFAULTS);
    }
}
