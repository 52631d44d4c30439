package dev.wayfinder.gslb.strategy;

import dev.wayfinder.model.DnsName;
import java.util.List;
import java.util.Objects;

/**
 * Everything decided for one host of one Gslb in one pass: local health and why, the peers as seen,
 * and the final answer. Status, Events and metrics are written from this.
 */
public record HostOutcome(DnsName host, HostHealth health, String healthReason, LocalHealth local, List<PeerState> peers,
                          GslbDecision decision) {
    public HostOutcome {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(healthReason, "healthReason");
        Objects.requireNonNull(local, "local");
        peers = List.copyOf(peers);
        Objects.requireNonNull(decision, "decision");
    }
}
