package dev.wayfinder.gslb;

import dev.wayfinder.gslb.health.TargetProbe;
import dev.wayfinder.gslb.peers.PeerView;
import dev.wayfinder.gslb.status.GslbReporter;
import java.util.Objects;

/**
 * The GSLB source's edges, built by the composition root and handed to the controller: the peer
 * clusters' answers, the active probe and where outcomes are reported. Tests pass fakes.
 */
public record GslbParts(PeerView peers, TargetProbe probe, GslbReporter reporter) {

    /** A single cluster, no probing, nothing reported. */
    public static final GslbParts NONE = new GslbParts(PeerView.NONE, TargetProbe.NONE, GslbReporter.NONE);

    public GslbParts {
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(reporter, "reporter");
    }
}
