package dev.wayfinder.source;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Ingresses (networking.k8s.io/v1) → endpoints, as ExternalDNS's {@code source/ingress.go}: the rule
 * hosts (none with {@code --ignore-ingress-rules-spec}), the TLS hosts (none with
 * {@code --ignore-ingress-tls-spec}) and the {@code hostname} annotation (none with
 * {@code --ignore-hostname-annotation}); {@code ingress-hostname-source} (any case) {@code defined-hosts-only}
 * or {@code annotation-only} keeps one of the two, any other value neither. The {@code --fqdn-template}
 * names apply when there are no others (or always, with {@code --combine-fqdn-annotation}). Targets:
 * the {@code target} annotation, else the status IPs and host names. With {@code --ingress-class},
 * only Ingresses of those classes ({@code spec.ingressClassName}, else the
 * {@code kubernetes.io/ingress.class} annotation).
 */
public final class IngressSource {

    static final String KIND = "ingress";
    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    private IngressSource() {
    }

    public static SourceResult endpoints(Ingress ingress) {
        return endpoints(ingress, SourceOptions.DEFAULTS);
    }

    public static SourceResult endpoints(Ingress ingress, SourceOptions options) {
        String resource = Resources.of(KIND, ingress);
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(ingress.getMetadata().getAnnotations(), options.prefixes(), resource, problems);
        if (!ann.isOurs() || !classMatches(ingress, options.ingressClasses())) {
            return SourceResult.EMPTY;
        }
        Set<DnsName> defined = new LinkedHashSet<>(specHosts(ingress, ann, options));
        Set<DnsName> annotated = new LinkedHashSet<>(options.ignoreHostnameAnnotation() ? List.of() : ann.hostnames(Annotations.HOSTNAME));
        Set<DnsName> hosts = new LinkedHashSet<>();
        java.util.Optional<String> hostSource = ann.get(Annotations.INGRESS_HOSTNAME_SOURCE).map(v -> v.toLowerCase(java.util.Locale.ROOT));
        if (hostSource.isEmpty() || hostSource.get().equals("defined-hosts-only")) {
            hosts.addAll(defined);
        }
        if (hostSource.isEmpty() || hostSource.get().equals("annotation-only")) {
            hosts.addAll(annotated);
        }
        if (options.fqdnTemplate().isSet() && (hosts.isEmpty() || options.combineFqdnAnnotation())) {
            options.fqdnTemplate().hosts(ingress).forEach(h -> ann.hostname(h, "--fqdn-template").ifPresent(hosts::add));
        }
        if (hosts.isEmpty()) {
            return new SourceResult(List.of(), problems);
        }
        OptionalLong ttl = ann.ttl();
        List<String> raw = ann.targets();
        String field = ann.targetField();
        if (raw.isEmpty()) {
            raw = statusTargets(ingress);
            field = "status.loadBalancer.ingress";
        }
        List<dev.wayfinder.model.Endpoint> out = Targets.endpoints(hosts, Targets.byType(raw, resource, field, problems), ttl, resource,
                field, problems);
        return new SourceResult(ObjectAnnotations.apply(ann, out, options.createPtr()), problems);
    }

    /** ingress.go {@code filterByIngressClass}. */
    static boolean classMatches(Ingress ingress, List<String> classes) {
        if (classes.isEmpty()) {
            return true;
        }
        String spec = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        if (spec != null && !spec.isEmpty()) {
            return classes.contains(spec);
        }
        java.util.Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        return annotations != null && classes.contains(annotations.get(CLASS_ANNOTATION));
    }

    private static List<DnsName> specHosts(Ingress ingress, Annotations ann, SourceOptions options) {
        List<DnsName> out = new ArrayList<>();
        if (ingress.getSpec() == null) {
            return out;
        }
        List<IngressRule> rules = options.ignoreIngressRules() ? List.of() : Objects.requireNonNullElse(ingress.getSpec().getRules(), List.of());
        for (int i = 0; i < rules.size(); i++) {
            String host = rules.get(i).getHost();
            if (host != null && !host.isBlank()) {
                ann.hostname(host, "spec.rules[" + i + "].host").ifPresent(out::add);
            }
        }
        List<IngressTLS> tls = options.ignoreIngressTls() ? List.of() : Objects.requireNonNullElse(ingress.getSpec().getTls(), List.of());
        for (int i = 0; i < tls.size(); i++) {
            List<String> tlsHosts = Objects.requireNonNullElse(tls.get(i).getHosts(), List.of());
            for (int j = 0; j < tlsHosts.size(); j++) {
                String host = tlsHosts.get(j);
                if (host != null && !host.isBlank()) {
                    ann.hostname(host, "spec.tls[" + i + "].hosts[" + j + "]").ifPresent(out::add);
                }
            }
        }
        return out;
    }

    static List<String> statusTargets(Ingress ingress) {
        List<String> out = new ArrayList<>();
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return out;
        }
        for (IngressLoadBalancerIngress in : ingress.getStatus().getLoadBalancer().getIngress()) {
            if (ServiceSource.isSet(in.getIp())) {
                out.add(in.getIp());
            }
            if (ServiceSource.isSet(in.getHostname())) {
                out.add(in.getHostname());
            }
        }
        return out;
    }
}
