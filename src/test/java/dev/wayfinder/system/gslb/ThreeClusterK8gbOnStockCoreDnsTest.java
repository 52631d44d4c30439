package dev.wayfinder.system.gslb;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;

/** {@link ThreeClusterK8gbStory} with stock CoreDNS (its etcd plugin) as every cluster's DNS server and peer. */
@RequiresStockCoreDns
class ThreeClusterK8gbOnStockCoreDnsTest extends ThreeClusterK8gbStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.coredns(StockCoreDns.binary());
    }
}
