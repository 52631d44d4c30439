package dev.wayfinder.system.gslb;

import dev.wayfinder.demo.cluster.ClusterDns;

/** {@link EdgeDiscoveryStartUpStory} with {@code wayfinder dns} as each cluster's DNS server. */
class EdgeDiscoveryOnWayfinderDnsTest extends EdgeDiscoveryStartUpStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.wayfinder();
    }
}
