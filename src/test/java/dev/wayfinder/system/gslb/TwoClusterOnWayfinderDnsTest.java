package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.Dig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The two-cluster story with {@code wayfinder dns} as each cluster's DNS server. Besides the story in
 * {@link TwoClusterStory}, the answers only it gives: weighted and geo choices per query, from the
 * metadata stored beside each target (stock CoreDNS serves every healthy target instead; see
 * {@link TwoClusterOnStockCoreDnsTest}).
 */
class TwoClusterOnWayfinderDnsTest extends TwoClusterStory {

    @Override
    ClusterDns dns() {
        return ClusterDns.wayfinder();
    }

    @Test
    void weightedRoundRobinAnswersEachTargetInProportionToItsWeight() {
        healthy();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<Answer, Integer> sample = count(digBuf, 200);
            return sample.containsKey(BUF) && sample.containsKey(NYC);
        });
        int queries = 10_000;
        Map<Answer, Integer> counts = count(digBuf, queries);

        // One target per answer; on a busy machine a rare UDP query may go unanswered within its timeout.
        assertThat(counts.keySet()).isSubsetOf(BUF, NYC, Answer.NO_REPLY);
        assertThat(counts.getOrDefault(Answer.NO_REPLY, 0)).isLessThan(queries / 100);
        int answered = counts.get(BUF) + counts.get(NYC);
        // gslb-weighted.yaml: us-buf 80, us-nyc 20.
        assertThat(100.0 * counts.get(BUF) / answered).isCloseTo(80.0, within(5.0));
        assertThat(100.0 * counts.get(NYC) / answered).isCloseTo(20.0, within(5.0));
    }

    @Test
    void geoAnswersAClientWithItsOwnRegionsTargetOnEitherCluster() {
        healthy();
        Optional<InetAddress> bufClient = client(ClusterPair.BUF_REGION);
        Optional<InetAddress> nycClient = client(ClusterPair.NYC_REGION);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (Dig dig : List.of(digBuf, digNyc)) {
                assertThat(dig.a(GEO_HOST, bufClient)).as("client in us-buf's region asking " + dig.server()).isEqualTo(BUF);
                assertThat(dig.a(GEO_HOST, nycClient)).as("client in us-nyc's region asking " + dig.server()).isEqualTo(NYC);
            }
        });
        // A client from neither region gets every healthy target (stock CoreDNS's answer).
        assertThat(digBuf.a(GEO_HOST, client("203.0.113.0/24"))).isEqualTo(BOTH);
    }

    static Map<Answer, Integer> count(Dig dig, int queries) {
        Map<Answer, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < queries; i++) {
            counts.merge(dig.a(WRR_HOST), 1, Integer::sum);
        }
        return counts;
    }
}
