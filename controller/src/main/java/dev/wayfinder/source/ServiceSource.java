package dev.wayfinder.source;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Services → endpoints, as a pure function of the Service, its EndpointSlices, the nodes and the
 * Pods it selects, following ExternalDNS's {@code source/service.go} ({@code generateEndpoints}):
 *
 * <ul>
 *   <li>{@code hostname} and {@code internal-hostname} names (none with {@code --ignore-hostname-annotation}),
 *       then the {@code --fqdn-template} names when there are none (or always, with {@code --combine-fqdn-annotation});</li>
 *   <li>a {@code target} annotation overrides the targets of every type and both annotations;</li>
 *   <li>LoadBalancer: {@code spec.externalIPs}, else the status IPs and host names; an internal name the ClusterIP;</li>
 *   <li>ClusterIP: the ClusterIP, for internal names or with {@code --publish-internal-services};</li>
 *   <li>headless: see {@link HeadlessTargets};</li>
 *   <li>NodePort: see {@link NodePortTargets}, plus {@code _<service>._<proto>.<name>} SRV on the node port;</li>
 *   <li>ExternalName: {@code spec.externalIPs}, else a CNAME to the external name.</li>
 * </ul>
 * SRV records are made here but published only when SRV is a managed record type, as in ExternalDNS.
 */
public final class ServiceSource {

    static final String KIND = "service";
    static final String SRV_PRIORITY_WEIGHT = "0 50 ";

    private ServiceSource() {
    }

    /** With ExternalDNS's default options and no Pods (tests of the simple types). */
    public static SourceResult endpoints(Service svc, Collection<EndpointSlice> slices, Collection<Node> nodes) {
        return endpoints(svc, slices, nodes, List.of(), SourceOptions.DEFAULTS);
    }

    /** {@code pods}: the Pods of the Service's namespace (those its selector matches are used). */
    public static SourceResult endpoints(Service svc, Collection<EndpointSlice> slices, Collection<Node> nodes, Collection<Pod> pods,
                                         SourceOptions options) {
        String resource = Resources.of(KIND, svc);
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(svc.getMetadata().getAnnotations(), options.prefixes(), resource, problems);
        ServiceSpec spec = Objects.requireNonNullElseGet(svc.getSpec(), ServiceSpec::new);
        String type = Objects.requireNonNullElse(spec.getType(), "ClusterIP");
        if (!ann.isOurs() || !options.readsServiceType(type)) {
            return SourceResult.EMPTY;
        }
        Context c = new Context(svc, spec, type, slices, nodes, Pods.selectedBy(spec.getSelector(), pods), options, ann, ann.ttl(),
                resource, problems);
        List<Endpoint> out = new ArrayList<>();
        if (!options.ignoreHostnameAnnotation()) {
            ann.hostnames(Annotations.HOSTNAME).forEach(h -> out.addAll(generate(c, h, false)));
            ann.hostnames(Annotations.INTERNAL_HOSTNAME).forEach(h -> out.addAll(generate(c, h, true)));
        }
        if (options.fqdnTemplate().isSet() && (out.isEmpty() || options.combineFqdnAnnotation())) {
            for (String host : options.fqdnTemplate().hosts(svc)) {
                ann.hostname(host, "--fqdn-template").ifPresent(h -> out.addAll(generate(c, h, false)));
            }
        }
        return new SourceResult(ObjectAnnotations.apply(ann, out, options.createPtr()), problems);
    }

    /** Everything one name of the Service needs. */
    record Context(Service svc, ServiceSpec spec, String type, Collection<EndpointSlice> slices, Collection<Node> nodes, List<Pod> pods,
                   SourceOptions options, Annotations ann, OptionalLong ttl, String resource, List<Problem> problems) {
    }

    /** service.go {@code generateEndpoints}: one name's records. */
    private static List<Endpoint> generate(Context c, DnsName host, boolean useClusterIp) {
        List<String> targets = c.ann.targets();
        String field = c.ann.targetField();
        List<Endpoint> out = new ArrayList<>();
        if (targets.isEmpty()) {
            field = "spec";
            switch (c.type) {
                case "LoadBalancer" -> {
                    targets = useClusterIp ? clusterIp(c.spec) : loadBalancer(c.svc);
                    field = useClusterIp ? "spec.clusterIP" : "status.loadBalancer.ingress";
                }
                case "ClusterIP" -> {
                    if ("None".equals(c.spec.getClusterIP())) {
                        return HeadlessTargets.endpoints(c, host);
                    }
                    targets = useClusterIp || c.options.publishInternal() ? clusterIp(c.spec) : List.of();
                    field = "spec.clusterIP";
                }
                case "NodePort" -> {
                    targets = NodePortTargets.targets(c);
                    field = "nodes";
                    out.addAll(nodePortSrv(c, host));
                }
                case "ExternalName" -> targets = !Objects.requireNonNullElse(c.spec.getExternalIPs(), List.<String>of()).isEmpty()
                        ? c.spec.getExternalIPs() : ServiceSource.isSet(c.spec.getExternalName()) ? List.of(c.spec.getExternalName()) : List.of();
                default -> targets = List.of();
            }
        }
        out.addAll(Targets.endpoints(List.of(host), Targets.byType(targets, c.resource, field, c.problems), c.ttl, c.resource, field,
                c.problems));
        return out;
    }

    private static List<String> clusterIp(ServiceSpec spec) {
        return isSet(spec.getClusterIP()) && !"None".equals(spec.getClusterIP()) ? List.of(spec.getClusterIP()) : List.of();
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

    /** service.go {@code extractNodePortEndpoints}: {@code _<service>._<proto>.<name>} SRV, priority 0, weight 50, the node port. */
    private static List<Endpoint> nodePortSrv(Context c, DnsName host) {
        List<Endpoint> out = new ArrayList<>();
        for (ServicePort p : Objects.requireNonNullElse(c.spec.getPorts(), List.<ServicePort>of())) {
            if (p.getNodePort() == null || p.getNodePort() <= 0) {
                continue;
            }
            String proto = Objects.requireNonNullElse(p.getProtocol(), "TCP").toLowerCase(java.util.Locale.ROOT);
            DnsName name = DnsName.of("_" + c.svc.getMetadata().getName() + "._" + proto + "." + host);
            out.add(srv(name, List.of(SRV_PRIORITY_WEIGHT + p.getNodePort() + " " + host), c.ttl, c.resource));
        }
        return out;
    }

    static Endpoint srv(DnsName name, List<String> targets, OptionalLong ttl, String resource) {
        return new Endpoint(name, RecordType.SRV, targets, ttl.orElse(Endpoint.TTL_UNSET), "", Metadata.owned("", resource));
    }

    static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }
}
