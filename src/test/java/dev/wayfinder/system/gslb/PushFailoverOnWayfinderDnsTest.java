package dev.wayfinder.system.gslb;

import dev.wayfinder.demo.cluster.ClusterDns;

/**
 * Failover by push with {@code wayfinder dns} as each cluster's DNS server, whose snapshot follows etcd by milliseconds:
 * a NOTIFY can overtake the change it announces, and the notified controller asks again until the answer shows it.
 * See {@link PushFailoverStory}.
 */
class PushFailoverOnWayfinderDnsTest extends PushFailoverStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.wayfinder();
    }
}
