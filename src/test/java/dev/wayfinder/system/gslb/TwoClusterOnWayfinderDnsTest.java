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
        // gslb-weighted.yaml: us-buf 80, us-nyc 20.
        assertShares("wrr", counts, BUF, NYC, queries);
        assertThat(condition(pair.buf(), "test-gslb-weighted", "StrategyHonoured")).containsEntry("status", "True");
        assertThat(condition(pair.buf(), "test-gslb-geoip", "StrategyHonoured")).containsEntry("status", "True");
    }

    /**
     * The weight is per cluster, whatever its number of addresses and families: us-buf (80) has three IPv4 addresses and
     * one IPv6, us-nyc (20) one IPv4 and two IPv6. Every answer is one cluster's records of the asked family, never empty.
     */
    @Test
    void weightsArePerClusterAcrossFamiliesAndAddressCountsAndNoAnswerIsEmpty() {
        healthy();
        Answer bufV4 = Answer.of("10.2.1.167", "10.2.1.168", "10.2.1.169");
        Answer nycV4 = Answer.of("10.2.1.98");
        Answer bufV6 = Answer.of("2001:db8:b::1");
        Answer nycV6 = Answer.of("2001:db8:a::1", "2001:db8:a::2");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<Answer, Integer> sample = count(() -> digBuf.a(MIX_HOST), 200);
            return sample.containsKey(bufV4) && sample.containsKey(nycV4);
        });
        int queries = 10_000;
        for (Dig dig : List.of(digBuf, digNyc)) {
            Map<Answer, Integer> v4 = count(() -> dig.a(MIX_HOST), queries);
            Map<Answer, Integer> v6 = count(() -> dig.aaaa(MIX_HOST), queries);
            assertShares(dig.server() + " A", v4, bufV4, nycV4, queries);
            assertShares(dig.server() + " AAAA", v6, bufV6, nycV6, queries);
        }
        assertThat(condition(pair.buf(), "test-gslb-mix", "StrategyHonoured")).containsEntry("status", "True");
    }

    /** Every answer is one whole cluster (never empty, never mixed); the shares are 80:20 within ±3 points. */
    static void assertShares(String what, Map<Answer, Integer> counts, Answer buf, Answer nyc, int queries) {
        assertThat(counts.keySet()).as(what).isSubsetOf(buf, nyc, Answer.NO_REPLY);
        assertThat(counts.getOrDefault(Answer.NO_REPLY, 0)).as(what + ": unanswered within the timeout").isLessThan(queries / 100);
        int answered = counts.getOrDefault(buf, 0) + counts.getOrDefault(nyc, 0);
        System.getLogger(TwoClusterOnWayfinderDnsTest.class.getName()).log(System.Logger.Level.INFO,
                "{0}: us-buf {1} %, us-nyc {2} % of {3} answered ({4} unanswered)", what, 100.0 * counts.getOrDefault(buf, 0) / answered,
                100.0 * counts.getOrDefault(nyc, 0) / answered, answered, counts.getOrDefault(Answer.NO_REPLY, 0));
        assertThat(100.0 * counts.getOrDefault(buf, 0) / answered).as(what + " us-buf %").isCloseTo(80.0, within(3.0));
        assertThat(100.0 * counts.getOrDefault(nyc, 0) / answered).as(what + " us-nyc %").isCloseTo(20.0, within(3.0));
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
        return count(() -> dig.a(WRR_HOST), queries);
    }

    static Map<Answer, Integer> count(java.util.function.Supplier<Answer> ask, int queries) {
        Map<Answer, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < queries; i++) {
            counts.merge(ask.get(), 1, Integer::sum);
        }
        return counts;
    }
}
