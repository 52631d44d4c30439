package dev.wayfinder.gslb.api;

import dev.wayfinder.gslb.strategy.GslbPolicy;
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
 * @param probe       the active probe of the exposed addresses ({@code wayfinder.dev/probe}), if any
 * @param exposedIps  {@code k8gb.io/exposed-ip-addresses}: replaces the addresses read from the load balancer status
 * @param hostname    {@code k8gb.io/hostname}: the host of a referenced LoadBalancer Service, TCPRoute or UDPRoute, which
 *                    have none of their own
 * @param exposedHostnames {@code k8gb.io/exposed-hostnames}: names resolved through the edge DNS servers on every pass, whose
 *                    addresses replace all others (it takes precedence over {@code exposed-ip-addresses}, as in k8gb)
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
        GslbPolicy policy,
        Optional<ProbeSpec> probe,
        List<String> exposedIps,
        Optional<DnsName> hostname,
        List<DnsName> exposedHostnames) {

    public static final String EXPOSED_IP_ADDRESSES = "k8gb.io/exposed-ip-addresses";
    public static final String HOSTNAME = "k8gb.io/hostname";
    public static final String EXPOSED_HOSTNAMES = "k8gb.io/exposed-hostnames";

    public GslbSpec {
        hosts = List.copyOf(hosts);
        services = Map.copyOf(services);
        exposedIps = List.copyOf(exposedIps);
        exposedHostnames = List.copyOf(exposedHostnames);
    }

    /** Without the annotations' extras: no probe, addresses from the load balancer status. */
    public GslbSpec(String apiVersion, String namespace, String name, List<DnsName> hosts, Map<DnsName, List<String>> services,
                    Optional<Map<String, Object>> ingress, Optional<ResourceRef> resourceRef, GslbStrategySpec strategy,
                    ServiceHealthPolicy serviceHealthPolicy, GslbPolicy policy) {
        this(apiVersion, namespace, name, hosts, services, ingress, resourceRef, strategy, serviceHealthPolicy, policy, Optional.empty(),
                List.of(), Optional.empty(), List.of());
    }

    /** {@code gslb/<namespace>/<name>}: the resource stored beside its records and named in problems. */
    public String resource() {
        return "gslb/" + namespace + "/" + name;
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
