package dev.wayfinder.gslb;

import dev.wayfinder.gslb.health.TargetProbe;
import dev.wayfinder.gslb.kube.HostnameResolver;
import dev.wayfinder.gslb.peers.PeerView;
import dev.wayfinder.gslb.status.GslbReporter;
import java.util.Objects;

/**
 * The GSLB source's edges, built by the composition root and handed to the controller: the peer
 * clusters' answers, the active probe, where outcomes are reported, and the resolution of host names
 * that stand for addresses (load balancers that report a name, {@code k8gb.io/exposed-hostnames}). Tests pass fakes.
 */
public record GslbParts(PeerView peers, TargetProbe probe, GslbReporter reporter, HostnameResolver hostnames) {

    /** A single cluster, no probing, nothing reported, no host names resolved. */
    public static final GslbParts NONE = new GslbParts(PeerView.NONE, TargetProbe.NONE, GslbReporter.NONE, HostnameResolver.NONE);

    public GslbParts {
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(reporter, "reporter");
        Objects.requireNonNull(hostnames, "hostnames");
    }

    /** Without host-name resolution. */
    public GslbParts(PeerView peers, TargetProbe probe, GslbReporter reporter) {
        this(peers, probe, reporter, HostnameResolver.NONE);
    }
}
