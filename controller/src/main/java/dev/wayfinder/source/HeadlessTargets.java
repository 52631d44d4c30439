package dev.wayfinder.source;

import dev.wayfinder.source.api.Problem;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.InvalidDnsNameException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A headless Service's records, as ExternalDNS's service.go {@code extractHeadlessEndpoints}: one
 * target per ready EndpointSlice endpoint backed by a selected Pod (not-ready ones too with
 * {@code publishNotReadyAddresses} or {@code --always-publish-not-ready-addresses}), under the name
 * and, for a Pod with {@code spec.hostname}, under {@code <hostname>.<name>}. The target is the
 * Pod's own {@code target} annotation, else its node's ExternalIPs ({@code endpoints-type: NodeExternalIP}),
 * else its host IP ({@code endpoints-type: HostIP} or {@code --publish-host-ip}), else the endpoint's
 * first address. Beyond ExternalDNS, named ports get {@code _<port>._<proto>.<name>} SRV records over
 * those names (published only when SRV is a managed record type).
 */
final class HeadlessTargets {

    private HeadlessTargets() {
    }

    static List<Endpoint> endpoints(ServiceSource.Context c, DnsName host) {
        String endpointsType = endpointsType(c);
        boolean notReadyToo = Boolean.TRUE.equals(c.spec().getPublishNotReadyAddresses()) || c.options().alwaysPublishNotReady();
        boolean podIps = endpointsType.isEmpty() && !c.options().publishHostIp();
        Map<String, Node> nodes = new TreeMap<>();
        c.nodes().forEach(n -> nodes.put(n.getMetadata().getName(), n));
        Map<DnsName, Set<String>> byName = new LinkedHashMap<>();
        Map<String, Integer> namedPorts = new TreeMap<>();
        String field = "endpointslices[kubernetes.io/service-name=" + c.svc().getMetadata().getName() + "]";
        for (EndpointSlice slice : c.slices()) {
            boolean ipSlice = "IPv4".equals(slice.getAddressType()) || "IPv6".equals(slice.getAddressType());
            if (podIps && !ipSlice) {
                continue;
            }
            for (EndpointPort port : Objects.requireNonNullElse(slice.getPorts(), List.<EndpointPort>of())) {
                if (ServiceSource.isSet(port.getName()) && port.getPort() != null) {
                    namedPorts.put(port.getName() + "/" + Objects.requireNonNullElse(port.getProtocol(), "TCP").toLowerCase(java.util.Locale.ROOT),
                            port.getPort());
                }
            }
            for (var ep : Objects.requireNonNullElse(slice.getEndpoints(), List.<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint>of())) {
                boolean ready = ep.getConditions() == null || ep.getConditions().getReady() == null || ep.getConditions().getReady();
                if (!ready && !notReadyToo) {
                    continue;
                }
                Optional<Pod> pod = pod(ep.getTargetRef(), c.pods());
                if (pod.isEmpty()) {
                    continue; // service.go: "Pod not found for address"
                }
                List<String> targets = targets(c, pod.get(), ep, endpointsType, nodes);
                List<DnsName> names = new ArrayList<>(List.of(host));
                String podHostname = pod.get().getSpec() == null ? null : pod.get().getSpec().getHostname();
                if (ServiceSource.isSet(podHostname)) {
                    try {
                        names.add(DnsName.hostname(podHostname + "." + host));
                    } catch (InvalidDnsNameException e) {
                        c.problems().add(new Problem(c.resource(), "pod " + pod.get().getMetadata().getName() + " spec.hostname",
                                "invalid per-pod name: " + e.getMessage()));
                    }
                }
                names.forEach(n -> byName.computeIfAbsent(n, k -> new LinkedHashSet<>()).addAll(targets));
            }
        }
        List<Endpoint> out = new ArrayList<>();
        byName.forEach((name, targets) -> out.addAll(Targets.endpoints(List.of(name),
                Targets.byType(targets, c.resource(), field, c.problems()), c.ttl(), c.resource(), field, c.problems())));
        out.addAll(srv(c, host, byName, namedPorts, field));
        return out.stream().filter(e -> !e.targets().isEmpty()).toList();
    }

    private static String endpointsType(ServiceSource.Context c) {
        Optional<Map.Entry<String, String>> e = c.ann().entry(Annotations.ENDPOINTS_TYPE);
        if (e.isEmpty()) {
            return "";
        }
        String v = e.get().getValue();
        if (!v.equals("NodeExternalIP") && !v.equals("HostIP")) {
            c.problems().add(new Problem(c.resource(), Annotations.field(e.get().getKey()),
                    "'" + v + "' is not NodeExternalIP or HostIP; publishing the Pod addresses"));
            return "";
        }
        return v;
    }

    /** service.go {@code findPodForEndpoint}: a core-group Pod reference whose Pod the Service selects. */
    private static Optional<Pod> pod(ObjectReference ref, List<Pod> pods) {
        if (ref == null || ServiceSource.isSet(ref.getApiVersion()) || !"Pod".equals(ref.getKind())) {
            return Optional.empty();
        }
        return pods.stream().filter(p -> p.getMetadata().getName().equals(ref.getName())).findFirst();
    }

    /** service.go {@code getTargetsForDomain}. */
    private static List<String> targets(ServiceSource.Context c, Pod pod, io.fabric8.kubernetes.api.model.discovery.v1.Endpoint ep,
                                        String endpointsType, Map<String, Node> nodes) {
        List<String> fromPod = new Annotations(pod.getMetadata().getAnnotations(), c.options().prefixes(), c.resource(), c.problems()).targets();
        if (!fromPod.isEmpty()) {
            return fromPod;
        }
        if (endpointsType.equals("NodeExternalIP")) {
            Node node = nodes.get(Pods.nodeName(pod));
            if (node == null) {
                return List.of();
            }
            return NodePortTargets.addresses(node).stream()
                    .filter(a -> "ExternalIP".equals(a.getType()) || c.options().exposeInternalIpv6() && "InternalIP".equals(a.getType())
                            && a.getAddress().contains(":"))
                    .map(NodeAddress::getAddress).toList();
        }
        if (endpointsType.equals("HostIP") || c.options().publishHostIp()) {
            String hostIp = pod.getStatus() == null ? null : pod.getStatus().getHostIP();
            return ServiceSource.isSet(hostIp) ? List.of(hostIp) : List.of();
        }
        List<String> addresses = Objects.requireNonNullElse(ep.getAddresses(), List.of());
        return addresses.isEmpty() ? List.of() : List.of(addresses.get(0));
    }

    /** Beyond ExternalDNS: {@code _<port>._<proto>.<name>} SRV for each named port, over the per-Pod names (else the name). */
    private static List<Endpoint> srv(ServiceSource.Context c, DnsName host, Map<DnsName, Set<String>> byName, Map<String, Integer> ports,
                                      String field) {
        List<String> srvHosts = byName.keySet().stream().filter(n -> !n.equals(host)).map(DnsName::toString).toList();
        if (srvHosts.isEmpty() && byName.containsKey(host)) {
            srvHosts = List.of(host.toString());
        }
        List<Endpoint> out = new ArrayList<>();
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            String[] np = p.getKey().split("/");
            try {
                DnsName name = DnsName.of("_" + np[0] + "._" + np[1] + "." + host);
                out.add(ServiceSource.srv(name, srvHosts.stream().map(h -> ServiceSource.SRV_PRIORITY_WEIGHT + p.getValue() + " " + h).toList(),
                        c.ttl(), c.resource()));
            } catch (InvalidDnsNameException e) {
                c.problems().add(new Problem(c.resource(), field + ".ports[" + np[0] + "]", "invalid SRV name: " + e.getMessage()));
            }
        }
        return out;
    }
}
