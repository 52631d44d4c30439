package dev.wayfinder.gslb.strategy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a peer cluster last said its {@code localtargets-<host>} were.
 *
 * @param targets     the last answer received; empty when the peer said so
 * @param reachable   whether the latest poll got an answer
 * @param lastContact when a poll last got an answer (it dates {@code targets})
 */
public record PeerState(String geoTag, List<String> targets, boolean reachable, Instant lastContact) {
    public PeerState {
        Objects.requireNonNull(geoTag, "geoTag");
        targets = List.copyOf(targets);
        Objects.requireNonNull(lastContact, "lastContact");
    }
}
