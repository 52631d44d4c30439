package dev.wayfinder.gslb;

import dev.wayfinder.model.DnsName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, valid Gslb.
 *
 * @param apiVersion  {@code k8gb.absa.oss/v1beta1} or {@code k8gb.io/v1beta1}
 * @param hosts       the embedded ingress's rule hosts (empty in resourceRef mode: they come from the referenced object)
 * @param services    per host, the backing Service names whose endpoints decide health
 * @param ingress     the embedded IngressSpec as given, for creating the managed Ingress
 * @param resourceRef referenced mode
 * @param policy      the strategy with Wayfinder's extras ({@link PolicyAnnotations}) applied
 */
public record GslbSpec(
        String apiVersion,
        String namespace,
        String name,
        List<DnsName> hosts,
        Map<DnsName, List<String>> services,
        Optional<Map<String, Object>> ingress,
        Optional<ResourceRef> resourceRef,
        GslbStrategySpec strategy,
        ServiceHealthPolicy serviceHealthPolicy,
        GslbPolicy policy) {

    public GslbSpec {
        hosts = List.copyOf(hosts);
        services = Map.copyOf(services);
    }

    public enum ServiceHealthPolicy { ANY, ALL }

    /** {@code spec.resourceRef}: by name, or by a label selector that must match exactly one object. */
    public record ResourceRef(String apiVersion, String kind, Optional<String> name, Optional<String> namespace,
                              Map<String, String> matchLabels, List<Map<String, Object>> matchExpressions) {
        public ResourceRef {
            matchLabels = Map.copyOf(matchLabels);
            matchExpressions = List.copyOf(matchExpressions);
        }
    }
}
