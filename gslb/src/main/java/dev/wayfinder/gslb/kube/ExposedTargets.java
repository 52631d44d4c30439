package dev.wayfinder.gslb.kube;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.model.IpLiteral;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The addresses this cluster exposes for a Gslb: the {@code k8gb.io/exposed-ip-addresses} annotation when
 * set, otherwise the load balancer status of the Ingress or LoadBalancer Service that serves it. Pure.
 * Host names in a load balancer status (cloud LBs that publish only a name) are reported, not
 * resolved: resolving them through the edge DNS on every pass is what makes k8gb's answers lag.
 */
public final class ExposedTargets {

    private ExposedTargets() {
    }

    /** The sorted, canonical addresses, and problems as {@code field: message}. */
    public record Result(List<String> targets, List<String> problems) {
        public Result {
            targets = List.copyOf(targets);
            problems = List.copyOf(problems);
        }
    }

    public static Result of(GslbSpec spec, Optional<Ingress> ingress, Optional<Service> service) {
        if (!spec.exposedIps().isEmpty()) {
            return new Result(new ArrayList<>(new TreeSet<>(spec.exposedIps())), List.of());
        }
        if (ingress.isPresent()) {
            return fromIngress(ingress.get());
        }
        return service.map(ExposedTargets::fromService).orElse(new Result(List.of(), List.of()));
    }

    static Result fromIngress(Ingress ingress) {
        String object = "Ingress " + ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
        List<IngressLoadBalancerIngress> lb = ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null ? List.of() : ingress.getStatus().getLoadBalancer().getIngress();
        List<Address> addresses = lb.stream().map(i -> new Address(i.getIp(), i.getHostname())).toList();
        return collect(object, addresses);
    }

    static Result fromService(Service service) {
        String object = "Service " + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        String type = service.getSpec() == null ? null : service.getSpec().getType();
        if (!"LoadBalancer".equals(type)) {
            return new Result(List.of(), List.of("spec.resourceRef: " + object + " is of type " + (type == null ? "ClusterIP" : type)
                    + ", not LoadBalancer; it exposes no address to other clusters"));
        }
        List<LoadBalancerIngress> lb = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null ? List.of() : service.getStatus().getLoadBalancer().getIngress();
        return collect(object, lb.stream().map(i -> new Address(i.getIp(), i.getHostname())).toList());
    }

    private record Address(String ip, String hostname) {
    }

    private static Result collect(String object, List<Address> lb) {
        TreeSet<String> targets = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lb.size(); i++) {
            Address a = lb.get(i);
            String field = "status.loadBalancer.ingress[" + i + "]";
            if (a.ip() != null && !a.ip().isBlank()) {
                Optional<InetAddress> ip = IpLiteral.parse(a.ip().trim());
                if (ip.isPresent()) {
                    targets.add(IpLiteral.canonical(ip.get()));
                } else {
                    problems.add(field + ".ip of " + object + ": '" + a.ip() + "' is not an IP address");
                }
            } else if (a.hostname() != null && !a.hostname().isBlank()) {
                problems.add(field + ".hostname of " + object + ": '" + a.hostname() + "' is a host name; Wayfinder publishes addresses"
                        + " only (set the Gslb annotation " + GslbSpec.EXPOSED_IP_ADDRESSES + ")");
            }
        }
        return new Result(new ArrayList<>(targets), problems);
    }
}
