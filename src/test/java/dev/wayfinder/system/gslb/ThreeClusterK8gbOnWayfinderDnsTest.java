package dev.wayfinder.system.gslb;

import dev.wayfinder.demo.cluster.ClusterDns;

/** {@link ThreeClusterK8gbStory} with {@code wayfinder dns} as every cluster's DNS server and peer. */
class ThreeClusterK8gbOnWayfinderDnsTest extends ThreeClusterK8gbStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.wayfinder();
    }
}
