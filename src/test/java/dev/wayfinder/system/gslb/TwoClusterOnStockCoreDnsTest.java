package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.Seed;
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
     * Served by stock CoreDNS, a weighted and a geoip Gslb say they are not answered as asked: in a StrategyHonoured
     * condition, a Warning Event and the wayfinder_gslb_strategy_honoured metric; failover and roundRobin are.
     */
    @Test
    void weightedAndGeoipGslbsSayStockCoreDnsDoesNotHonourThem() {
        for (SimulatedCluster c : pair.both()) {
            assertThat(condition(c, "test-gslb-weighted", "StrategyHonoured")).containsEntry("status", "False")
                    .containsEntry("reason", "WeightsIgnored")
                    .hasEntrySatisfying("message", m -> assertThat((String) m).contains("stock CoreDNS ignores the weights (us-buf 80, us-nyc 20)")
                            .contains("gslb.servingDns: wayfinder"));
            assertThat(condition(c, "test-gslb-geoip", "StrategyHonoured")).containsEntry("status", "False").containsEntry("reason", "GeoIgnored");
            assertThat(condition(c, Seed.GSLB_NAME, "StrategyHonoured")).containsEntry("status", "True");
            assertThat(condition(c, "test-gslb-rr", "StrategyHonoured")).containsEntry("status", "True");
            await(c.geoTag() + ": the Warning Event").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(c.kube().v1().events().inNamespace(Seed.GSLB_NAMESPACE).list().getItems())
                            .anySatisfy(e -> {
                                assertThat(e.getInvolvedObject().getName()).isEqualTo("test-gslb-weighted");
                                assertThat(e.getReason()).isEqualTo("StrategyNotHonoured");
                                assertThat(e.getType()).isEqualTo("Warning");
                            }));
            assertThat(c.gauge("wayfinder_gslb_strategy_honoured", "name", "test-gslb-weighted")).contains(0.0);
            assertThat(c.gauge("wayfinder_gslb_strategy_honoured", "name", Seed.GSLB_NAME)).contains(1.0);
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
