package dev.wayfinder.gslb.kube;

import dev.wayfinder.model.DnsName;
import java.util.List;
import java.util.Objects;

/**
 * Host names that stand for a cluster's addresses (a load balancer or Gateway that reports a host name, as AWS ELB/NLB
 * do; the {@code k8gb.io/exposed-hostnames} annotation), resolved as k8gb resolves them: the seam between the lookups
 * (network I/O, on their own schedule) and the Gslb source (pure decisions). Implementations call the change callback
 * they were built with whenever a name's addresses change.
 */
public interface HostnameResolver extends AutoCloseable {

    /** No resolution: every name stays unresolved. */
    HostnameResolver NONE = new HostnameResolver() {
        @Override
        public Resolution resolve(DnsName name) {
            return new Resolution(List.of(), false, "no resolver is configured");
        }

        @Override
        public void close() {
        }
    };

    /**
     * What {@code name} resolved to last. A name not asked for before is resolved from now on (the answer arrives in a later
     * pass); a name not asked for a while is dropped.
     */
    Resolution resolve(DnsName name);

    @Override
    void close();

    /**
     * @param addresses the addresses of the last answer (kept while later lookups fail)
     * @param answered  whether any lookup has answered yet
     * @param error     why the latest lookup failed, or empty
     */
    record Resolution(List<String> addresses, boolean answered, String error) {
        public Resolution {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(error, "error");
        }
    }
}
