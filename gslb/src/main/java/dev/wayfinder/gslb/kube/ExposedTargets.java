package dev.wayfinder.gslb.kube;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.kube.GslbBinding.Exposure;
import dev.wayfinder.gslb.kube.GslbBinding.LbAddress;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The addresses this cluster exposes for a Gslb, with k8gb v0.21's precedence (controllers/refresolver/*
 * GetGslbExposedIPs): the {@code k8gb.io/exposed-hostnames} annotation, resolved; else {@code k8gb.io/exposed-ip-addresses};
 * else the status of the object that exposes the hosts (Ingress, LoadBalancer Service, Gateway API Gateway, the Istio
 * gateway's Service), where an IP is taken as it is and a host name is resolved. Pure: the resolutions come from a
 * {@link HostnameResolver}, which looks names up off the pass. A name that cannot be resolved is a problem; the other
 * addresses still count, and a name keeps the addresses it last resolved to.
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

    public static Result of(GslbSpec spec, Optional<Exposure> exposure, HostnameResolver resolver) {
        TreeSet<String> targets = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        if (!spec.exposedHostnames().isEmpty()) {
            String field = "metadata.annotations[" + GslbSpec.EXPOSED_HOSTNAMES + "]";
            spec.exposedHostnames().forEach(h -> resolve(field, "", h, resolver, targets, problems));
            return new Result(new ArrayList<>(targets), problems);
        }
        if (!spec.exposedIps().isEmpty()) {
            return new Result(new ArrayList<>(new TreeSet<>(spec.exposedIps())), List.of());
        }
        if (exposure.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        String object = exposure.get().object();
        for (LbAddress a : exposure.get().addresses()) {
            switch (a.kind()) {
                case IP -> {
                    Optional<InetAddress> ip = IpLiteral.parse(a.value());
                    if (ip.isPresent()) {
                        targets.add(IpLiteral.canonical(ip.get()));
                    } else {
                        problems.add(a.field() + " of " + object + ": '" + a.value() + "' is not an IP address");
                    }
                }
                case HOSTNAME -> {
                    try {
                        resolve(a.field(), " of " + object, DnsName.hostname(a.value()), resolver, targets, problems);
                    } catch (RuntimeException e) {
                        problems.add(a.field() + " of " + object + ": '" + a.value() + "' is not a host name");
                    }
                }
                case UNSUPPORTED -> problems.add(a.field() + " of " + object + ": address type " + a.value()
                        + " is not supported (IPAddress or Hostname)");
            }
        }
        return new Result(new ArrayList<>(targets), problems);
    }

    private static void resolve(String field, String of, DnsName name, HostnameResolver resolver, TreeSet<String> targets,
                                List<String> problems) {
        HostnameResolver.Resolution r = resolver.resolve(name);
        targets.addAll(r.addresses());
        if (!r.error().isEmpty()) {
            problems.add(field + of + ": " + name + " could not be resolved" + (r.answered() ? " (its last addresses are kept)" : "")
                    + ": " + r.error());
        } else if (r.answered() && r.addresses().isEmpty()) {
            problems.add(field + of + ": " + name + " resolves to no address");
        }
    }
}
