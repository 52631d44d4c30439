package dev.wayfinder.source;

import dev.wayfinder.source.api.SourceResult;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code --source=pod}, as ExternalDNS's {@code source/pod.go}. Per Pod (only host-network Pods with
 * {@code --ignore-non-host-network-pods}): {@code internal-hostname} → the Pod IP; {@code hostname} →
 * its node's ExternalIPs and internal IPv6 addresses; {@code <pod>.<--pod-source-domain>} → the Pod IP;
 * a {@code target} annotation replaces those targets; the {@code --fqdn-template} names → the Pod IPs.
 * Pods asking for the same name and type share one record (a DaemonSet's Pods publish every node),
 * attributed to the first of them by namespace and name.
 */
public final class PodSource {

    static final String KIND = "pod";

    private PodSource() {
    }

    /** One record per (name, type) across all {@code pods}. */
    public static SourceResult endpoints(Collection<Pod> pods, Collection<Node> nodes, SourceOptions options) {
        Map<String, Node> byName = new TreeMap<>();
        nodes.forEach(n -> byName.put(n.getMetadata().getName(), n));
        Map<Endpoint.Key, Merged> merged = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        pods.stream().sorted(java.util.Comparator.comparing((Pod p) -> Resources.of(KIND, p))).forEach(pod -> {
            String resource = Resources.of(KIND, pod);
            Annotations ann = new Annotations(pod.getMetadata().getAnnotations(), options.prefixes(), resource, problems);
            if (!ann.isOurs() || options.ignoreNonHostNetworkPods() && (pod.getSpec() == null || !Boolean.TRUE.equals(pod.getSpec().getHostNetwork()))) {
                return;
            }
            for (Endpoint e : ObjectAnnotations.apply(ann, endpoints(pod, ann, byName, options, resource, problems), false)) {
                Merged m = merged.computeIfAbsent(e.key(), k -> new Merged(e));
                m.targets.addAll(e.targets());
            }
        });
        List<Endpoint> out = new ArrayList<>();
        merged.values().forEach(m -> out.add(m.first.withTargets(m.targets)));
        out.addAll(ObjectAnnotations.ptr(List.copyOf(out), java.util.Optional.empty(), options.createPtr()));
        return new SourceResult(out, problems);
    }

    private static final class Merged {
        final Endpoint first;
        final Set<String> targets = new LinkedHashSet<>();

        Merged(Endpoint first) {
            this.first = first;
        }
    }

    private static List<Endpoint> endpoints(Pod pod, Annotations ann, Map<String, Node> nodes, SourceOptions options, String resource,
                                            List<Problem> problems) {
        List<String> override = ann.targets();
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        List<String> podIps = ServiceSource.isSet(podIp) ? List.of(podIp) : List.of();
        List<Endpoint> out = new ArrayList<>();
        OptionalLong ttl = ann.ttl();
        for (DnsName name : ann.hostnames(Annotations.INTERNAL_HOSTNAME)) {
            out.addAll(records(name, override.isEmpty() ? podIps : override, ttl, resource, problems));
        }
        for (DnsName name : ann.hostnames(Annotations.HOSTNAME)) {
            out.addAll(records(name, override.isEmpty() ? nodeTargets(pod, nodes) : override, ttl, resource, problems));
        }
        if (!options.podSourceDomain().isEmpty()) {
            ann.hostname(pod.getMetadata().getName() + "." + options.podSourceDomain(), "--pod-source-domain")
                    .ifPresent(name -> out.addAll(records(name, override.isEmpty() ? podIps : override, ttl, resource, problems)));
        }
        if (options.fqdnTemplate().isSet() && (out.isEmpty() || options.combineFqdnAnnotation())) {
            List<String> all = pod.getStatus() == null ? List.of() : Objects.requireNonNullElse(pod.getStatus().getPodIPs(), List.<PodIP>of())
                    .stream().map(PodIP::getIp).filter(ServiceSource::isSet).toList();
            for (String h : options.fqdnTemplate().hosts(pod)) {
                ann.hostname(h, "--fqdn-template").ifPresent(name -> out.addAll(records(name, all, ttl, resource, problems)));
            }
        }
        return out;
    }

    /** pod.go {@code addPodNodeEndpointsToEndpointMap}: the node's ExternalIPs and internal IPv6 addresses. */
    private static List<String> nodeTargets(Pod pod, Map<String, Node> nodes) {
        Node node = nodes.get(Pods.nodeName(pod));
        if (node == null) {
            return List.of();
        }
        return NodePortTargets.addresses(node).stream()
                .filter(a -> "ExternalIP".equals(a.getType()) || "InternalIP".equals(a.getType()) && a.getAddress().contains(":"))
                .map(NodeAddress::getAddress).toList();
    }

    /** Every target under the name, by type (pod.go {@code addToEndpointMap} keeps them all, a CNAME too). */
    private static List<Endpoint> records(DnsName name, List<String> targets, OptionalLong ttl, String resource, List<Problem> problems) {
        List<Endpoint> out = new ArrayList<>();
        Targets.byType(targets, resource, "status.podIP", problems).forEach((RecordType type, List<String> list) ->
                out.add(new Endpoint(name, type, list, ttl.orElse(Endpoint.TTL_UNSET), "", Metadata.owned("", resource))));
        return out;
    }
}
