package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.timeline.Dig;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The two-cluster story with stock CoreDNS as each cluster's DNS server: the etcd plugin reads what the
 * controllers write, with the Corefile {@code wayfinder corefile} prints, and each controller polls the
 * other cluster's CoreDNS for {@code localtargets-<host>}. Failover, failback and the peer outage are in
 * {@link TwoClusterStory}.
 */
@RequiresStockCoreDns
class TwoClusterOnStockCoreDnsTest extends TwoClusterStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.coredns(StockCoreDns.binary());
    }

    @Test
    void eachControllerAsksTheOtherClustersCoreDnsForItsLocalTargets() {
        healthy();
        for (SimulatedCluster c : pair.both()) {
            await(c.geoTag() + "'s CoreDNS asked for localtargets-").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(c.coreDnsLog()).hasValueSatisfying(log -> assertThat(log).contains("\"A IN localtargets-fe.gb.foowidgets.k8s.")));
        }
    }

    /**
     * Weighted and geo choices are made per query by {@code wayfinder dns} from the metadata stored beside each
     * target; stock CoreDNS ignores those fields and serves every healthy target, whoever asks (README: the
     * weightRoundRobin and geoip strategies). The per-query tests are in {@link TwoClusterOnWayfinderDnsTest}.
     */
    @Test
    void weightedAndGeoGslbsAnswerEveryHealthyTargetOnStockCoreDns() {
        healthy();
        Optional<InetAddress> nycClient = client(ClusterPair.NYC_REGION);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (Dig dig : List.of(digBuf, digNyc)) {
                assertThat(dig.a(WRR_HOST)).as(WRR_HOST + " asking " + dig.server()).isEqualTo(BOTH);
                assertThat(dig.a(GEO_HOST, nycClient)).as(GEO_HOST + " for a client in us-nyc's region asking " + dig.server()).isEqualTo(BOTH);
            }
        });
    }
}
