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
 * Ingresses (networking.k8s.io/v1) → endpoints: the rule hosts, the TLS hosts and the
 * {@code hostname} annotation ({@code ingress-hostname-source}: {@code defined-hosts-only} or
 * {@code annotation-only} narrows that), pointing at the {@code target} annotation or else the
 * status IPs and host names.
 */
public final class IngressSource {

    static final String KIND = "ingress";

    private IngressSource() {
    }

    public static SourceResult endpoints(Ingress ingress) {
        String resource = Resources.of(KIND, ingress);
        List<Problem> problems = new ArrayList<>();
        Annotations ann = new Annotations(ingress.getMetadata().getAnnotations(), resource, problems);
        if (!ann.isOurs()) {
            return SourceResult.EMPTY;
        }
        String hostSource = ann.get(Annotations.INGRESS_HOSTNAME_SOURCE).map(String::trim).orElse("");
        Set<DnsName> hosts = new LinkedHashSet<>();
        if (!hostSource.equals("annotation-only")) {
            hosts.addAll(specHosts(ingress, ann));
        }
        if (!hostSource.equals("defined-hosts-only")) {
            hosts.addAll(ann.hostnames(Annotations.HOSTNAME));
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
        return new SourceResult(Targets.endpoints(hosts, Targets.byType(raw, resource, field, problems), ttl, resource, field, problems),
                problems);
    }

    private static List<DnsName> specHosts(Ingress ingress, Annotations ann) {
        List<DnsName> out = new ArrayList<>();
        if (ingress.getSpec() == null) {
            return out;
        }
        List<IngressRule> rules = Objects.requireNonNullElse(ingress.getSpec().getRules(), List.of());
        for (int i = 0; i < rules.size(); i++) {
            String host = rules.get(i).getHost();
            if (host != null && !host.isBlank()) {
                ann.hostname(host, "spec.rules[" + i + "].host").ifPresent(out::add);
            }
        }
        List<IngressTLS> tls = Objects.requireNonNullElse(ingress.getSpec().getTls(), List.of());
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

    private static List<String> statusTargets(Ingress ingress) {
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
