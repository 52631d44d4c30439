package dev.wayfinder.source;

import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.RecordType;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The node addresses a NodePort Service publishes, as ExternalDNS's service.go {@code extractNodePortTargets}. */
final class NodePortTargets {

    private static final int NOT_READY = 1;
    private static final int READY_TERMINATING = 2;
    private static final int READY = 3;

    private NodePortTargets() {
    }

    /**
     * Every node's addresses ({@code externalTrafficPolicy: Local}: only the nodes that run the Service's
     * Pods at the best readiness any has), less unschedulable nodes with {@code --exclude-unschedulable};
     * {@code access: public} the ExternalIPs (plus internal IPv6 with {@code --expose-internal-ipv6}),
     * {@code private} the InternalIPs, else the ExternalIPs when any node has one.
     */
    static List<String> targets(ServiceSource.Context c) {
        Collection<Node> nodes = "Local".equals(c.spec().getExternalTrafficPolicy()) ? localNodes(c.pods(), c.nodes()) : c.nodes();
        List<String> internal = new ArrayList<>();
        List<String> external = new ArrayList<>();
        List<String> internalV6 = new ArrayList<>();
        for (Node node : nodes) {
            if (c.options().excludeUnschedulable() && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                continue;
            }
            for (NodeAddress a : addresses(node)) {
                if ("ExternalIP".equals(a.getType())) {
                    external.add(a.getAddress());
                } else if ("InternalIP".equals(a.getType())) {
                    internal.add(a.getAddress());
                    if (IpLiteral.addressType(a.getAddress()).filter(t -> t == RecordType.AAAA).isPresent()) {
                        internalV6.add(a.getAddress());
                    }
                }
            }
        }
        String access = c.ann().get(Annotations.ACCESS).orElse("");
        if (access.equals("private")) {
            return internal;
        }
        if (access.equals("public") || !external.isEmpty()) {
            List<String> out = new ArrayList<>(external);
            if (c.options().exposeInternalIpv6()) {
                out.addAll(internalV6);
            }
            return out;
        }
        return internal;
    }

    /** service.go {@code nodesExternalTrafficPolicyTypeLocal}: the nodes of running Pods, at the best readiness level present. */
    static List<Node> localNodes(List<Pod> pods, Collection<Node> nodes) {
        Map<String, Node> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.getMetadata().getName(), n));
        Map<String, Integer> best = new TreeMap<>();
        int max = 0;
        for (Pod p : pods) {
            Node node = Pods.nodeName(p) == null ? null : byName.get(Pods.nodeName(p));
            if (!Pods.running(p) || node == null) {
                continue;
            }
            int level = !Pods.ready(p) ? NOT_READY : p.getMetadata().getDeletionTimestamp() == null ? READY : READY_TERMINATING;
            best.merge(node.getMetadata().getName(), level, Math::max);
            max = Math.max(max, level);
        }
        int wanted = max;
        return best.entrySet().stream().filter(e -> e.getValue() == wanted).map(e -> byName.get(e.getKey())).toList();
    }

    static List<NodeAddress> addresses(Node node) {
        return node.getStatus() == null ? List.of() : Objects.requireNonNullElse(node.getStatus().getAddresses(), List.of());
    }
}
