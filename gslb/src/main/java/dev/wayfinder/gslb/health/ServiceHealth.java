package dev.wayfinder.gslb.health;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.GslbSpec.ServiceHealthPolicy;
import dev.wayfinder.gslb.api.ProbeSpec;
import dev.wayfinder.gslb.strategy.HostHealth;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * This cluster's health for one host, as k8gb decides it (its {@code calculateServiceHealth}), plus
 * Wayfinder's minimum of ready endpoints and the active probe. Pure: the caller reads the caches.
 */
public final class ServiceHealth {

    private ServiceHealth() {
    }

    /** One backing Service as read from the caches: whether it exists, and its ready endpoints over all its slices. */
    public record Backing(String name, boolean exists, int readyEndpoints) {
        public Backing {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The verdict: k8gb's health and why, and the ready endpoints counted across the backing Services. */
    public record Verdict(HostHealth health, String reason, int readyEndpoints) {
        public Verdict {
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Endpoints that count as ready in the slices of one Service: at least one address, and
     * {@code conditions.ready} true or unset ({@code serving} and {@code terminating} are ignored, as k8gb does).
     */
    public static int readyEndpoints(List<EndpointSlice> slices) {
        int ready = 0;
        for (EndpointSlice slice : slices) {
            for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                boolean hasAddress = e.getAddresses() != null && !e.getAddresses().isEmpty();
                Boolean r = e.getConditions() == null ? null : e.getConditions().getReady();
                if (hasAddress && (r == null || r)) {
                    ready++;
                }
            }
        }
        return ready;
    }

    /** k8gb §2.1 over the backing Services, then the minimum of ready endpoints (at least 1 counts as k8gb's rule). */
    public static Verdict of(ServiceHealthPolicy policy, List<Backing> services, int minHealthyEndpoints) {
        if (services.isEmpty()) {
            return new Verdict(HostHealth.NOT_FOUND, "no backing Service is named for this host", 0);
        }
        List<String> missing = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        int endpoints = 0;
        for (Backing b : services) {
            if (!b.exists()) {
                missing.add(b.name());
            } else if (b.readyEndpoints() == 0) {
                unready.add(b.name());
            } else {
                ready.add(b.name());
                endpoints += b.readyEndpoints();
            }
        }
        Verdict k8gb = policy == ServiceHealthPolicy.ALL ? all(missing, unready, ready, endpoints) : any(missing, unready, ready, endpoints);
        if (k8gb.health() == HostHealth.HEALTHY && endpoints < minHealthyEndpoints) {
            return new Verdict(HostHealth.UNHEALTHY, endpoints + " ready endpoint(s) in " + String.join(", ", ready)
                    + ", fewer than the minimum of " + minHealthyEndpoints, endpoints);
        }
        return k8gb;
    }

    private static Verdict any(List<String> missing, List<String> unready, List<String> ready, int endpoints) {
        if (!ready.isEmpty()) {
            return new Verdict(HostHealth.HEALTHY, endpoints + " ready endpoint(s) in " + String.join(", ", ready), endpoints);
        }
        if (!unready.isEmpty()) {
            return new Verdict(HostHealth.UNHEALTHY, "no ready endpoint in Service " + String.join(", ", unready)
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing)), 0);
        }
        return new Verdict(HostHealth.NOT_FOUND, "Service " + String.join(", ", missing) + " not found", 0);
    }

    private static Verdict all(List<String> missing, List<String> unready, List<String> ready, int endpoints) {
        if (!missing.isEmpty()) {
            return new Verdict(HostHealth.NOT_FOUND, "Service " + String.join(", ", missing) + " not found", endpoints);
        }
        if (!unready.isEmpty()) {
            return new Verdict(HostHealth.UNHEALTHY, "no ready endpoint in Service " + String.join(", ", unready), endpoints);
        }
        return new Verdict(HostHealth.HEALTHY, endpoints + " ready endpoint(s) in " + String.join(", ", ready), endpoints);
    }

    /**
     * The active probe's say: a healthy host whose exposed addresses all fail the probe is unhealthy;
     * the targets it publishes are those that pass.
     */
    public static Verdict probed(Verdict verdict, List<String> targets, List<String> passing, ProbeSpec probe) {
        if (verdict.health() != HostHealth.HEALTHY || targets.isEmpty() || !passing.isEmpty()) {
            return verdict;
        }
        return new Verdict(HostHealth.UNHEALTHY, verdict.reason() + ", but probe " + probe + " fails on every exposed address "
                + String.join(", ", targets), verdict.readyEndpoints());
    }
}
