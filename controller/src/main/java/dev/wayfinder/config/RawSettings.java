package dev.wayfinder.config;

import java.util.List;
import java.util.Map;

/**
 * The controller's settings exactly as given (flags, with {@code ETCD_*} from the environment
 * underneath), before anything is checked. {@link ControllerConfig#from} validates them all at once.
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
        Map<String, String> etcd) {

    public RawSettings {
        sources = List.copyOf(sources);
        domainFilters = List.copyOf(domainFilters);
        excludeDomains = List.copyOf(excludeDomains);
        etcd = Map.copyOf(etcd);
    }
}
