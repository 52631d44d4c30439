package dev.wayfinder.gslb.kube;

import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Gslb stands on in this cluster: its hosts, each host's backing Services, and the Ingress or
 * LoadBalancer Service that exposes it. Embedded mode reads the managed Ingress (named like the Gslb);
 * referenced mode follows {@code spec.resourceRef} by name, or by a selector that must match exactly
 * one object in the Gslb's namespace. Pure over a {@link ClusterView}.
 */
public record GslbBinding(List<Host> hosts, Optional<Ingress> ingress, Optional<Service> service, List<String> problems) {

    public GslbBinding {
        hosts = List.copyOf(hosts);
        problems = List.copyOf(problems);
    }

    /** One host, the field it came from (named in problems about it) and its backing Service names. */
    public record Host(DnsName name, String field, List<String> services) {
        public Host {
            services = List.copyOf(services);
        }
    }

    /** The cached objects the binding reads. */
    public interface ClusterView {
        Optional<Ingress> ingress(String namespace, String name);

        List<Ingress> ingresses(String namespace);

        Optional<Service> service(String namespace, String name);

        List<Service> services(String namespace);
    }

    public static GslbBinding of(GslbSpec spec, ClusterView view) {
        if (spec.resourceRef().isEmpty()) {
            List<Host> hosts = new ArrayList<>();
            for (DnsName h : spec.hosts()) {
                hosts.add(new Host(h, "spec.ingress.rules[].host", spec.services().getOrDefault(h, List.of())));
            }
            return new GslbBinding(hosts, view.ingress(spec.namespace(), spec.name()), Optional.empty(), List.of());
        }
        GslbSpec.ResourceRef ref = spec.resourceRef().get();
        List<String> problems = new ArrayList<>();
        String kind = ref.kind();
        if ("Ingress".equals(kind) && ref.apiVersion().startsWith("networking.k8s.io/")) {
            Optional<Ingress> ingress = pick(ref, spec.namespace(), view::ingress, view::ingresses, problems);
            return ingress.map(i -> new GslbBinding(ingressHosts(i, problems), Optional.of(i), Optional.empty(), problems))
                    .orElseGet(() -> new GslbBinding(List.of(), Optional.empty(), Optional.empty(), problems));
        }
        if ("Service".equals(kind) && "v1".equals(ref.apiVersion())) {
            Optional<Service> service = pick(ref, spec.namespace(), view::service, view::services, problems);
            if (service.isEmpty()) {
                return new GslbBinding(List.of(), Optional.empty(), Optional.empty(), problems);
            }
            if (spec.hostname().isEmpty()) {
                problems.add("metadata.annotations[" + GslbSpec.HOSTNAME + "]: required with a referenced Service, which has no host name"
                        + " of its own");
                return new GslbBinding(List.of(), Optional.empty(), service, problems);
            }
            Host host = new Host(spec.hostname().get(), "metadata.annotations[" + GslbSpec.HOSTNAME + "]",
                    List.of(service.get().getMetadata().getName()));
            return new GslbBinding(List.of(host), Optional.empty(), service, problems);
        }
        problems.add("spec.resourceRef: " + ref.apiVersion() + " " + kind + " is not supported (networking.k8s.io/v1 Ingress or v1 Service"
                + " of type LoadBalancer)");
        return new GslbBinding(List.of(), Optional.empty(), Optional.empty(), problems);
    }

    private interface ByName<T> {
        Optional<T> get(String namespace, String name);
    }

    private interface InNamespace<T> {
        List<T> list(String namespace);
    }

    private static <T extends HasMetadata> Optional<T> pick(GslbSpec.ResourceRef ref, String gslbNamespace, ByName<T> byName,
                                                           InNamespace<T> list, List<String> problems) {
        if (ref.name().isPresent()) {
            String ns = ref.namespace().orElse(gslbNamespace);
            Optional<T> found = byName.get(ns, ref.name().get());
            if (found.isEmpty()) {
                problems.add("spec.resourceRef: " + ref.kind() + " " + ns + "/" + ref.name().get() + " not found");
            }
            return found;
        }
        // k8gb searches only the Gslb's namespace with a selector.
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

    /** The referenced Ingress's rule hosts and their path backends ({@code defaultBackend} is ignored for health, as in k8gb). */
    static List<Host> ingressHosts(Ingress ingress, List<String> problems) {
        Map<DnsName, Host> hosts = new LinkedHashMap<>();
        List<IngressRule> rules = ingress.getSpec() == null || ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
        String object = "Ingress " + ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
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
            List<String> services = new ArrayList<>(hosts.containsKey(host.get()) ? hosts.get(host.get()).services() : List.of());
            List<HTTPIngressPath> paths = rule.getHttp() == null || rule.getHttp().getPaths() == null ? List.of() : rule.getHttp().getPaths();
            for (HTTPIngressPath p : paths) {
                if (p.getBackend() != null && p.getBackend().getService() != null && p.getBackend().getService().getName() != null
                        && !services.contains(p.getBackend().getService().getName())) {
                    services.add(p.getBackend().getService().getName());
                }
            }
            hosts.put(host.get(), new Host(host.get(), field, services));
        }
        if (hosts.isEmpty() && problems.isEmpty()) {
            problems.add("spec.resourceRef: " + object + " has no rule with a host");
        }
        return new ArrayList<>(hosts.values());
    }
}
