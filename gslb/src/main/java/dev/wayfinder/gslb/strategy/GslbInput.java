package dev.wayfinder.gslb.strategy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Everything the strategy needs for one host, gathered at the edges. */
public record GslbInput(
        GslbPolicy policy,
        String localGeoTag,
        LocalHealth local,
        List<PeerState> peers,
        Optional<GslbDecision> previous,
        Instant now) {
    public GslbInput {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(localGeoTag, "localGeoTag");
        Objects.requireNonNull(local, "local");
        peers = List.copyOf(peers);
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(now, "now");
    }
}
