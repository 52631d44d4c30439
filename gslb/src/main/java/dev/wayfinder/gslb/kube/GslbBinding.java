package dev.wayfinder.gslb.kube;

import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.NamespacedName;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Gslb stands on in this cluster, as k8gb v0.21's reference resolvers find it (controllers/refresolver): its
 * hosts, each host's backing Services (in the namespace where k8gb looks them up: the referenced object's, or a Gateway
 * API backendRef's own), and the object whose status carries the exposed addresses. Embedded mode reads the managed
 * Ingress (named like the Gslb); referenced mode follows {@code spec.resourceRef} to an Ingress, a LoadBalancer Service,
 * an Istio VirtualService (then its Gateway and that Gateway's Service) or a Gateway API route (then its Gateway), by
 * name (in the reference's namespace, else the Gslb's) or by a selector that must match exactly one object in the
 * Gslb's namespace. Pure over a {@link ClusterView}.
 */
public record GslbBinding(List<Host> hosts, Optional<Ingress> ingress, Optional<Exposure> exposure, List<String> problems) {

    public GslbBinding {
        hosts = List.copyOf(hosts);
        problems = List.copyOf(problems);
    }

    /** One host, the field it came from (named in problems about it) and its backing Services. */
    public record Host(DnsName name, String field, List<NamespacedName> services) {
        public Host {
            services = List.copyOf(services);
        }
    }

    /** The object that exposes the hosts and the addresses in its status, in order. */
    public record Exposure(String object, List<LbAddress> addresses) {
        public Exposure {
            addresses = List.copyOf(addresses);
        }
    }

    /** One address of a load balancer or Gateway status: an IP, a host name to resolve, or a type k8gb refuses. */
    public record LbAddress(String field, Kind kind, String value) {
        public enum Kind { IP, HOSTNAME, UNSUPPORTED }
    }

    /** The cached objects the binding reads. */
    public interface ClusterView {
        Optional<Ingress> ingress(String namespace, String name);

        List<Ingress> ingresses(String namespace);

        Optional<Service> service(String namespace, String name);

        /** The Services of {@code namespace}, or of every watched namespace when it is null. */
        List<Service> services(String namespace);

        /** Why {@code kind} cannot be read yet (not installed, not allowed, first list pending); empty once it can. */
        Optional<String> unavailable(RefKind kind);

        Optional<GenericKubernetesResource> object(RefKind kind, String namespace, String name);

        List<GenericKubernetesResource> objects(RefKind kind, String namespace);
    }

    static GslbBinding none(List<String> problems) {
        return new GslbBinding(List.of(), Optional.empty(), Optional.empty(), problems);
    }

    public static GslbBinding of(GslbSpec spec, ClusterView view) {
        if (spec.resourceRef().isEmpty()) {
            Optional<Ingress> managed = view.ingress(spec.namespace(), spec.name());
            List<Host> hosts = new ArrayList<>();
            for (DnsName h : spec.hosts()) {
                List<NamespacedName> services = spec.services().getOrDefault(h, List.of()).stream()
                        .map(s -> new NamespacedName(spec.namespace(), s)).toList();
                hosts.add(new Host(h, "spec.ingress.rules[].host", services));
            }
            return new GslbBinding(hosts, managed, managed.map(GslbBinding::exposure), List.of());
        }
        GslbSpec.ResourceRef ref = spec.resourceRef().get();
        List<String> problems = new ArrayList<>();
        String kind = ref.kind();
        if ("Ingress".equals(kind) && "networking.k8s.io/v1".equals(ref.apiVersion())) {
            Optional<Ingress> ingress = pick(ref, spec.namespace(), view::ingress, view::ingresses, problems);
            return ingress.map(i -> new GslbBinding(ingressHosts(i, problems), Optional.of(i), Optional.of(exposure(i)), problems))
                    .orElseGet(() -> none(problems));
        }
        if ("Service".equals(kind) && "v1".equals(ref.apiVersion())) {
            return service(spec, ref, view, problems);
        }
        if ("VirtualService".equals(kind) && RefKind.virtualService(ref.apiVersion()).isPresent()) {
            return IstioRefs.bind(spec, ref, RefKind.virtualService(ref.apiVersion()).get(), view, problems);
        }
        Optional<RefKind> route = RefKind.route(ref.apiVersion(), kind);
        if (route.isPresent()) {
            return RouteRefs.bind(spec, ref, route.get(), view, problems);
        }
        problems.add("spec.resourceRef: " + ref.apiVersion() + " " + kind + " is not supported (networking.k8s.io/v1 Ingress, v1 Service"
                + " of type LoadBalancer, networking.istio.io/v1 or v1beta1 VirtualService, gateway.networking.k8s.io/v1 HTTPRoute,"
                + " GRPCRoute or TLSRoute, v1alpha2 TCPRoute, UDPRoute or TLSRoute, v1alpha3 TLSRoute)");
        return none(problems);
    }

    private static GslbBinding service(GslbSpec spec, GslbSpec.ResourceRef ref, ClusterView view, List<String> problems) {
        Optional<Service> service = pick(ref, spec.namespace(), view::service, view::services, problems);
        if (service.isEmpty()) {
            return none(problems);
        }
        Service s = service.get();
        String object = "Service " + s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
        String type = s.getSpec() == null ? null : s.getSpec().getType();
        Optional<Exposure> exposure = Optional.of(exposure(s));
        if (!"LoadBalancer".equals(type)) {
            problems.add("spec.resourceRef: " + object + " is of type " + (type == null ? "ClusterIP" : type)
                    + ", not LoadBalancer; it exposes no address to other clusters");
            exposure = Optional.empty();
        }
        Optional<Host> host = annotatedHost(spec, "a referenced Service", s, problems);
        return new GslbBinding(host.map(List::of).orElse(List.of()), Optional.empty(), exposure, problems);
    }

    /** The {@code k8gb.io/hostname} host of an object that has none of its own (a LoadBalancer Service, a TCPRoute, a UDPRoute). */
    static Optional<Host> annotatedHost(GslbSpec spec, String what, HasMetadata backing, List<String> problems) {
        if (spec.hostname().isEmpty()) {
            problems.add("metadata.annotations[" + GslbSpec.HOSTNAME + "]: required with " + what + ", which has no host name of its own");
            return Optional.empty();
        }
        return Optional.of(new Host(spec.hostname().get(), "metadata.annotations[" + GslbSpec.HOSTNAME + "]",
                List.of(new NamespacedName(backing.getMetadata().getNamespace(), backing.getMetadata().getName()))));
    }

    interface ByName<T> {
        Optional<T> get(String namespace, String name);
    }

    interface InNamespace<T> {
        List<T> list(String namespace);
    }

    /**
     * k8gb's queryopts.Get: by name in the reference's namespace (else the Gslb's), or by the selector in the Gslb's namespace,
     * which must match exactly one object.
     */
    static <T extends HasMetadata> Optional<T> pick(GslbSpec.ResourceRef ref, String gslbNamespace, ByName<T> byName,
                                                    InNamespace<T> list, List<String> problems) {
        if (ref.name().isPresent()) {
            String ns = ref.namespace().orElse(gslbNamespace);
            Optional<T> found = byName.get(ns, ref.name().get());
            if (found.isEmpty()) {
                problems.add("spec.resourceRef: " + ref.kind() + " " + ns + "/" + ref.name().get() + " not found");
            }
            return found;
        }
        List<T> matching = list.list(gslbNamespace).stream().filter(o -> matches(ref, o.getMetadata().getLabels())).toList();
        if (matching.size() == 1) {
            return Optional.of(matching.get(0));
        }
        problems.add("spec.resourceRef: the selector matches " + (matching.isEmpty() ? "no " + ref.kind()
                : matching.size() + " objects (" + String.join(", ", matching.stream().map(o -> o.getMetadata().getName()).toList()) + ")")
                + " in namespace " + gslbNamespace + "; it must match exactly one");
        return Optional.empty();
    }

    /** A Kubernetes LabelSelector: every matchLabels pair and every expression (In, NotIn, Exists, DoesNotExist). */
    static boolean matches(GslbSpec.ResourceRef ref, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> e : ref.matchLabels().entrySet()) {
            if (!Objects.equals(l.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        for (Map<String, Object> expr : ref.matchExpressions()) {
            String key = String.valueOf(expr.get("key"));
            String op = String.valueOf(expr.get("operator"));
            Collection<?> values = expr.get("values") instanceof Collection<?> c ? c : List.of();
            boolean ok = switch (op) {
                case "In" -> l.containsKey(key) && values.contains(l.get(key));
                case "NotIn" -> !l.containsKey(key) || !values.contains(l.get(key));
                case "Exists" -> l.containsKey(key);
                case "DoesNotExist" -> !l.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Ingress's rule hosts and their path backends, in the Ingress's namespace (k8gb's ingress.go GetServers;
     * {@code defaultBackend} is ignored for health, as there).
     */
    static List<Host> ingressHosts(Ingress ingress, List<String> problems) {
        Map<DnsName, Host> hosts = new LinkedHashMap<>();
        List<IngressRule> rules = ingress.getSpec() == null || ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
        String ns = ingress.getMetadata().getNamespace();
        String object = "Ingress " + ns + "/" + ingress.getMetadata().getName();
        for (int i = 0; i < rules.size(); i++) {
            IngressRule rule = rules.get(i);
            String field = "spec.resourceRef: " + object + " spec.rules[" + i + "].host";
            if (rule.getHost() == null || rule.getHost().isBlank()) {
                continue;
            }
            Optional<DnsName> host = GslbParser.host(rule.getHost(), field, problems);
            if (host.isEmpty()) {
                continue;
            }
            List<NamespacedName> services = new ArrayList<>(hosts.containsKey(host.get()) ? hosts.get(host.get()).services() : List.of());
            List<HTTPIngressPath> paths = rule.getHttp() == null || rule.getHttp().getPaths() == null ? List.of() : rule.getHttp().getPaths();
            for (HTTPIngressPath p : paths) {
                if (p.getBackend() != null && p.getBackend().getService() != null && p.getBackend().getService().getName() != null) {
                    NamespacedName s = new NamespacedName(ns, p.getBackend().getService().getName());
                    if (!services.contains(s)) {
                        services.add(s);
                    }
                }
            }
            hosts.put(host.get(), new Host(host.get(), field, services));
        }
        if (hosts.isEmpty() && problems.isEmpty()) {
            problems.add("spec.resourceRef: " + object + " has no rule with a host");
        }
        return new ArrayList<>(hosts.values());
    }

    static Exposure exposure(Ingress ingress) {
        String object = "Ingress " + ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
        List<IngressLoadBalancerIngress> lb = ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null ? List.of() : ingress.getStatus().getLoadBalancer().getIngress();
        List<LbAddress> out = new ArrayList<>();
        for (int i = 0; i < lb.size(); i++) {
            addresses("status.loadBalancer.ingress[" + i + "]", lb.get(i).getIp(), lb.get(i).getHostname(), out);
        }
        return new Exposure(object, out);
    }

    static Exposure exposure(Service service) {
        String object = "Service " + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        List<LoadBalancerIngress> lb = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null ? List.of() : service.getStatus().getLoadBalancer().getIngress();
        List<LbAddress> out = new ArrayList<>();
        for (int i = 0; i < lb.size(); i++) {
            addresses("status.loadBalancer.ingress[" + i + "]", lb.get(i).getIp(), lb.get(i).getHostname(), out);
        }
        return new Exposure(object, out);
    }

    /** k8gb reads both the ip and the hostname of one load balancer entry (refresolver ingress.go, lbservice.go). */
    private static void addresses(String field, String ip, String hostname, List<LbAddress> out) {
        if (ip != null && !ip.isBlank()) {
            out.add(new LbAddress(field + ".ip", LbAddress.Kind.IP, ip.trim()));
        }
        if (hostname != null && !hostname.isBlank()) {
            out.add(new LbAddress(field + ".hostname", LbAddress.Kind.HOSTNAME, hostname.trim()));
        }
    }
}
