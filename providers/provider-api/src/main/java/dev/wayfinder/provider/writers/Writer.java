package dev.wayfinder.provider.writers;

import dev.wayfinder.model.DnsName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One controller writing with an owner id, as its registration shows it.
 *
 * @param instance one per process (the pod's name and a random suffix)
 * @param host     where it runs, for people
 * @param order    its place in line, lowest first: when it registered (etcd's create revision of its key,
 *                 the creation time of its Lease); 0 until registered
 * @param area     what it writes into: the etcd key prefix, or the DNS server and zones; writers into
 *                 different areas never meet
 * @param domains  the names it manages (its domain filter; empty: every name)
 * @param election the Lease that elects one replica among several ({@code namespace/name}), empty without
 *                 {@code --leader-elect}: replicas under one election are arbitrated by it, not rivals
 * @param since    when it registered
 */
public record Writer(String instance, String host, long order, String area, List<DnsName> domains, String election, Instant since) {

    public Writer {
        Objects.requireNonNull(instance, "instance");
        host = Objects.requireNonNullElse(host, "");
        area = Objects.requireNonNullElse(area, "");
        domains = List.copyOf(domains);
        election = Objects.requireNonNullElse(election, "");
        Objects.requireNonNull(since, "since");
    }

    /** The same writer, in its place in line. */
    public Writer at(long newOrder, Instant registered) {
        return new Writer(instance, host, newOrder, area, domains, election, registered);
    }

    /**
     * Pure: whether {@code other} writes what this one writes with the same owner id without an election
     * between them: another instance, the same area, domains that overlap, and not both under one Lease.
     */
    public boolean rivals(Writer other) {
        return !instance.equals(other.instance) && area.equals(other.area) && overlap(domains, other.domains)
                && !(!election.isEmpty() && election.equals(other.election));
    }

    private static boolean overlap(List<DnsName> a, List<DnsName> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        return a.stream().anyMatch(x -> b.stream().anyMatch(y -> x.isAtOrBelow(y) || y.isAtOrBelow(x)));
    }

    /** For logs, readiness and Events: "instance wf-7d9c-1a2b on host node-3, since 2026-12-02T10:00:00Z". */
    public String describe() {
        return "instance " + instance + (host.isEmpty() ? "" : " on host " + host) + ", registered " + since;
    }
}
