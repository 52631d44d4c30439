package dev.wayfinder.system.gslb;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;

/**
 * Failover by push with stock CoreDNS as each cluster's DNS server: the notified controller asks the other cluster's
 * CoreDNS, which reads etcd on every query, for the host's {@code localtargets-} record. See {@link PushFailoverStory}.
 */
@RequiresStockCoreDns
class PushFailoverOnStockCoreDnsTest extends PushFailoverStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.coredns(StockCoreDns.binary());
    }
}
