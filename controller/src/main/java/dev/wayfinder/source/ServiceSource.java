package dev.wayfinder.source;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Services → endpoints, as a pure function of the Service, its EndpointSlices and the nodes.
 *
 * <ul>
 *   <li>LoadBalancer: {@code spec.externalIPs} if any, else the status IPs (A/AAAA) and host names (CNAME).</li>
 *   <li>Headless ClusterIP: the ready endpoints' addresses; an endpoint with a host name also gets
 *       {@code <hostname>.<host>}; each named port gets {@code _<port>._<proto>.<host>} SRV records
 *       (what gRPC client-side balancing resolves).</li>
 *   <li>NodePort: node addresses ({@code access}: public → ExternalIP, private → InternalIP, default:
 *       ExternalIP if any node has one), plus {@code _<service>._<proto>.<host>} SRV on the node port.</li>
 *   <li>ClusterIP: only names from {@code internal-hostname}, pointing at the cluster IP.</li>
 *   <li>ExternalName: a CNAME to the external name.</li>
 * </ul>
 * The {@code target} annotation overrides the targets of every type.
 */
public final class ServiceSource {

    static final String KIND = "service";
    private static final String SRV_PRIORITY_WEIGHT = "0 50 ";

    private ServiceSource() {
    }

    public static SourceResult endpoints(Service svc, Collection<EndpointSlice> slices, Collection<Node> nodes) {
        String resource = Resources.of(KIND, svc);
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(svc.getMetadata().getAnnotations(), resource, problems);
        if (!ann.isOurs()) {
            return SourceResult.EMPTY;
        }
        ServiceSpec spec = Objects.requireNonNullElseGet(svc.getSpec(), ServiceSpec::new);
        OptionalLong ttl = ann.ttl();
        List<Endpoint> out = new ArrayList<>();

        List<DnsName> internal = ann.hostnames(Annotations.INTERNAL_HOSTNAME);
        if (!internal.isEmpty() && isSet(spec.getClusterIP()) && !"None".equals(spec.getClusterIP())) {
            out.addAll(Targets.endpoints(internal, Targets.byType(List.of(spec.getClusterIP()), resource, "spec.clusterIP", problems),
                    ttl, resource, "spec.clusterIP", problems));
        }
        List<DnsName> hosts = ann.hostnames(Annotations.HOSTNAME);
        if (!hosts.isEmpty()) {
            List<String> override = ann.targets();
            String type = Objects.requireNonNullElse(spec.getType(), "ClusterIP");
            if (!override.isEmpty()) {
                String field = ann.targetField();
                out.addAll(Targets.endpoints(hosts, Targets.byType(override, resource, field, problems), ttl, resource, field, problems));
            } else if ("ClusterIP".equals(type) && "None".equals(spec.getClusterIP())) {
                out.addAll(headless(svc, hosts, slices, nodeAddressType(ann, problems), nodes, ttl, resource, problems));
            } else {
                List<String> raw = switch (type) {
                    case "LoadBalancer" -> loadBalancer(svc);
                    case "NodePort" -> nodeAddresses(nodes, ann.get(Annotations.ACCESS).orElse(""));
                    case "ExternalName" -> isSet(spec.getExternalName()) ? List.of(spec.getExternalName()) : List.of();
                    default -> List.of();
                };
                String field = "LoadBalancer".equals(type) ? "status.loadBalancer.ingress" : "spec";
                out.addAll(Targets.endpoints(hosts, Targets.byType(raw, resource, field, problems), ttl, resource, field, problems));
                if ("NodePort".equals(type)) {
                    out.addAll(nodePortSrv(svc, hosts, ttl, resource));
                }
            }
        }
        return new SourceResult(out, problems);
    }

    private static List<String> loadBalancer(Service svc) {
        List<String> external = Objects.requireNonNullElse(svc.getSpec().getExternalIPs(), List.of());
        if (!external.isEmpty()) {
            return external;
        }
        List<String> out = new ArrayList<>();
        if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null && svc.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress in : svc.getStatus().getLoadBalancer().getIngress()) {
                if (isSet(in.getIp())) {
                    out.add(in.getIp());
                }
                if (isSet(in.getHostname())) {
                    out.add(in.getHostname());
                }
            }
        }
        return out;
    }

    private static List<String> nodeAddresses(Collection<Node> nodes, String access) {
        List<Node> usable = nodes.stream().filter(n -> n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable())).toList();
        boolean anyExternal = usable.stream().anyMatch(n -> !addresses(n, "ExternalIP").isEmpty());
        String wanted = switch (access) {
            case "public" -> "ExternalIP";
            case "private" -> "InternalIP";
            default -> anyExternal ? "ExternalIP" : "InternalIP";
        };
        return usable.stream().flatMap(n -> addresses(n, wanted).stream()).toList();
    }

    private static List<String> addresses(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return List.of();
        }
        return node.getStatus().getAddresses().stream().filter(a -> type.equals(a.getType())).map(NodeAddress::getAddress).toList();
    }

    private static List<Endpoint> nodePortSrv(Service svc, List<DnsName> hosts, OptionalLong ttl, String resource) {
        List<Endpoint> out = new ArrayList<>();
        for (ServicePort p : Objects.requireNonNullElse(svc.getSpec().getPorts(), List.<ServicePort>of())) {
            if (p.getNodePort() == null || p.getNodePort() == 0) {
                continue;
            }
            String proto = Objects.requireNonNullElse(p.getProtocol(), "TCP").toLowerCase();
            for (DnsName host : hosts) {
                DnsName name = DnsName.of("_" + svc.getMetadata().getName() + "._" + proto + "." + host);
                out.add(srv(name, List.of(SRV_PRIORITY_WEIGHT + p.getNodePort() + " " + host), ttl, resource));
            }
        }
        return out;
    }

    /**
     * {@code endpoints-type}: empty for the endpoint addresses, else the node address type to publish
     * instead — {@code NodeExternalIP} → ExternalIP; {@code HostIP} → the node's InternalIP (the host
     * IP of its pods, read from the Node since Pods are not watched).
     */
    private static String nodeAddressType(Annotations ann, List<Problem> problems) {
        Optional<Map.Entry<String, String>> e = ann.entry(Annotations.ENDPOINTS_TYPE);
        if (e.isEmpty()) {
            return "";
        }
        return switch (e.get().getValue().trim()) {
            case "NodeExternalIP" -> "ExternalIP";
            case "HostIP" -> "InternalIP";
            default -> {
                problems.add(new Problem(ann.resource(), Annotations.field(e.get().getKey()),
                        "'" + e.get().getValue() + "' is not NodeExternalIP or HostIP; publishing the endpoint addresses"));
                yield "";
            }
        };
    }

    private static List<Endpoint> headless(Service svc, List<DnsName> hosts, Collection<EndpointSlice> slices, String nodeAddressType,
                                           Collection<Node> nodes, OptionalLong ttl, String resource, List<Problem> problems) {
        Map<String, Node> nodesByName = new TreeMap<>();
        nodes.forEach(n -> nodesByName.put(n.getMetadata().getName(), n));
        boolean notReadyToo = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
        List<String> addresses = new ArrayList<>();
        Map<String, List<String>> perPod = new TreeMap<>();
        Map<String, Integer> namedPorts = new TreeMap<>();
        for (EndpointSlice slice : slices) {
            for (EndpointPort port : Objects.requireNonNullElse(slice.getPorts(), List.<EndpointPort>of())) {
                if (isSet(port.getName()) && port.getPort() != null) {
                    namedPorts.put(port.getName() + "/" + Objects.requireNonNullElse(port.getProtocol(), "TCP").toLowerCase(), port.getPort());
                }
            }
            for (var ep : Objects.requireNonNullElse(slice.getEndpoints(), List.<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint>of())) {
                boolean ready = ep.getConditions() == null || ep.getConditions().getReady() == null || ep.getConditions().getReady();
                if (!ready && !notReadyToo) {
                    continue;
                }
                List<String> ips = Objects.requireNonNullElse(ep.getAddresses(), List.of());
                if (!nodeAddressType.isEmpty()) {
                    Node node = ep.getNodeName() == null ? null : nodesByName.get(ep.getNodeName());
                    ips = node == null ? List.of() : addresses(node, nodeAddressType);
                }
                addresses.addAll(ips);
                if (isSet(ep.getHostname())) {
                    perPod.computeIfAbsent(ep.getHostname(), h -> new ArrayList<>()).addAll(ips);
                }
            }
        }
        String field = "endpointslices[kubernetes.io/service-name=" + svc.getMetadata().getName() + "]";
        List<Endpoint> out = new ArrayList<>(Targets.endpoints(hosts, Targets.byType(addresses, resource, field, problems), ttl, resource,
                field, problems));
        for (DnsName host : hosts) {
            List<String> srvHosts = new ArrayList<>();
            perPod.forEach((pod, ips) -> {
                if (ips.isEmpty()) {
                    return;
                }
                try {
                    DnsName podName = DnsName.hostname(pod + "." + host);
                    srvHosts.add(podName.toString());
                    out.addAll(Targets.endpoints(List.of(podName), Targets.byType(ips, resource, field, problems), ttl, resource, field, problems));
                } catch (InvalidDnsNameException e) {
                    problems.add(new Problem(resource, field + ".endpoints[hostname=" + pod + "]", "invalid per-pod name: " + e.getMessage()));
                }
            });
            if (srvHosts.isEmpty() && !addresses.isEmpty()) {
                srvHosts.add(host.toString());
            }
            namedPorts.forEach((nameProto, port) -> {
                String[] np = nameProto.split("/");
                try {
                    DnsName name = DnsName.of("_" + np[0] + "._" + np[1] + "." + host);
                    out.add(srv(name, srvHosts.stream().map(h -> SRV_PRIORITY_WEIGHT + port + " " + h).toList(), ttl, resource));
                } catch (InvalidDnsNameException e) {
                    problems.add(new Problem(resource, field + ".ports[" + np[0] + "]", "invalid SRV name: " + e.getMessage()));
                }
            });
        }
        return out.stream().filter(e -> !e.targets().isEmpty()).toList();
    }

    private static Endpoint srv(DnsName name, List<String> targets, OptionalLong ttl, String resource) {
        return new Endpoint(name, RecordType.SRV, targets, ttl.orElse(Endpoint.TTL_UNSET), "", Metadata.owned("", resource));
    }

    static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }
}
