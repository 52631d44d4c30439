package dev.wayfinder.system.gslb;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;

/** {@link EdgeDiscoveryStartUpStory} with stock CoreDNS as each cluster's DNS server. */
@RequiresStockCoreDns
class EdgeDiscoveryOnStockCoreDnsTest extends EdgeDiscoveryStartUpStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.coredns(StockCoreDns.binary());
    }
}
