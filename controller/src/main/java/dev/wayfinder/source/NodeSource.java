package dev.wayfinder.source;

import dev.wayfinder.source.api.SourceResult;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --source=node}: each Node's name (and its {@code --fqdn-template} names; only those when a
 * template is set, unless {@code --combine-fqdn-annotation}) → its {@code target} annotation, else
 * its ExternalIPs (plus internal IPv6 with {@code --expose-internal-ipv6}), else its InternalIPs.
 * Unschedulable nodes are left out with {@code --exclude-unschedulable}. As ExternalDNS's {@code source/node.go}.
 */
public final class NodeSource {

    static final String KIND = "node";

    private NodeSource() {
    }

    public static SourceResult endpoints(Node node, SourceOptions options) {
        String resource = KIND + "/" + node.getMetadata().getName();
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(node.getMetadata().getAnnotations(), options.prefixes(), resource, problems);
        if (!ann.isOurs() || options.excludeUnschedulable() && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return SourceResult.EMPTY;
        }
        List<DnsName> names = new ArrayList<>();
        if (!options.fqdnTemplate().isSet() || options.combineFqdnAnnotation()) {
            ann.hostname(node.getMetadata().getName(), "metadata.name").ifPresent(names::add);
        }
        options.fqdnTemplate().hosts(node).forEach(h -> ann.hostname(h, "--fqdn-template").ifPresent(names::add));
        List<String> targets = ann.targets();
        String field = ann.targetField();
        if (targets.isEmpty()) {
            targets = addresses(node, options.exposeInternalIpv6());
            field = "status.addresses";
        }
        List<Endpoint> out = Targets.endpoints(names, Targets.byType(targets, resource, field, problems), ann.ttl(), resource, field, problems);
        return new SourceResult(ObjectAnnotations.apply(ann, out, options.createPtr()), problems);
    }

    /** node.go {@code nodeAddresses}. */
    static List<String> addresses(Node node, boolean exposeInternalIpv6) {
        List<String> external = new ArrayList<>();
        List<String> internal = new ArrayList<>();
        List<String> internalV6 = new ArrayList<>();
        for (NodeAddress a : NodePortTargets.addresses(node)) {
            if ("ExternalIP".equals(a.getType())) {
                external.add(a.getAddress());
            } else if ("InternalIP".equals(a.getType())) {
                internal.add(a.getAddress());
                if (a.getAddress().contains(":")) {
                    internalV6.add(a.getAddress());
                }
            }
        }
        if (!external.isEmpty()) {
            if (exposeInternalIpv6) {
                external.addAll(internalV6);
            }
            return external;
        }
        return internal;
    }
}
