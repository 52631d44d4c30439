package dev.wayfinder.bench.dnscompare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultsTest {

    @Test
    void mediansOverRoundsAndTotalsOfLossesAndCpu() {
        List<Results.Round> rounds = List.of(
                round(ServerKind.KNOT, 1, 100_000, 0.0003, 0.0010, 0, 1_000_000, 4_000_000_000L),
                round(ServerKind.KNOT, 2, 120_000, 0.0002, 0.0008, 5, 1_200_000, 4_000_000_000L),
                round(ServerKind.KNOT, 3, 90_000, 0.0004, 0.0020, 0, 900_000, 4_000_000_000L));

        Results.Row row = Results.summarize(rounds).get(0);

        assertThat(row.rounds()).isEqualTo(3);
        assertThat(row.qps()).isEqualTo(100_000);
        assertThat(row.avgMs()).isEqualTo(0.3);
        assertThat(row.p99Ms()).isEqualTo(1.0);
        assertThat(row.lost()).isEqualTo(5);
        assertThat(row.nxdomainShare()).isEqualTo(0.05);
        assertThat(row.otherRcodes()).isZero();
        assertThat(row.cpuMicrosPerQuery()).isEqualTo(12_000_000_000L / 1000.0 / 3_100_000);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        List<Results.Round> rounds = List.of(round(ServerKind.NSD, 1, 80_000, 0.0005, 0.001, 0, 1, 1),
                round(ServerKind.NSD, 2, 90_000, 0.0004, 0.001, 0, 1, 1));

        assertThat(Results.median(rounds, r -> r.plain().qps())).isEqualTo(85_000);
    }

    @Test
    void theBestAnchorIsTheFastestOfKnotNsdAndBindEvenWhenAnEtcdServerIsFaster() {
        List<Results.Row> rows = List.of(row(ServerKind.WAYFINDER, 200_000, 0.2), row(ServerKind.KNOT, 100_000, 0.3),
                row(ServerKind.NSD, 90_000, 0.5), row(ServerKind.BIND, 80_000, 0.8));

        assertThat(Results.bestAnchor(rows)).map(Results.Row::server).contains(ServerKind.KNOT);
        assertThat(Results.table(rows))
                .contains("| `wayfinder dns` (etcd) | 200,000 | 0.20 ms | 0.90 ms | 40 | 0 | 5.0 % | 73 | 5.0 µs | 2.00× | 0.67× |")
                .contains("q/s ÷ Knot DNS |").doesNotContain("Warning");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // names | ours q/s | ours avg | Knot q/s | Knot avg | expected ending
        "1000   | 102000 | 0.30 | 100000 | 0.30 | 1.02× q/s, 1.00× avg latency: met.",
        "1000   | 102000 | 0.40 | 100000 | 0.30 | 1.02× q/s, 1.33× avg latency: not met.",
        "1000   | 99000  | 0.20 | 100000 | 0.30 | 0.99× q/s, 0.67× avg latency: not met.",
        "100000 | 80000  | 0.90 | 100000 | 0.30 | 0.80× q/s, 3.00× avg latency: met.",
        "100000 | 79000  | 0.20 | 100000 | 0.30 | 0.79× q/s, 0.67× avg latency: not met.",
    })
    void issue15Target(int names, double ours, double oursAvg, double knot, double knotAvg, String ending) {
        List<Results.Row> rows = List.of(row(ServerKind.WAYFINDER, ours, oursAvg), row(ServerKind.KNOT, knot, knotAvg));

        assertThat(Results.targetLine(names, rows)).hasValueSatisfying(line -> assertThat(line).endsWith(ending)
                .contains(names == 1000 ? "≥ 1.0× Knot DNS (zone file)'s queries/s with an average latency no worse" : "≥ 0.8×"));
    }

    @Test
    void noTargetAtOtherSizesOrWithoutAnAnchor() {
        assertThat(Results.targetLine(5_000, List.of(row(ServerKind.WAYFINDER, 1, 1), row(ServerKind.KNOT, 1, 1)))).isEmpty();
        assertThat(Results.targetLine(1_000, List.of(row(ServerKind.WAYFINDER, 1, 1), row(ServerKind.COREDNS_CACHE, 1, 1)))).isEmpty();
    }

    @Test
    void aP99BeyondTheTimeoutsIsShownAsSuch() {
        Results.Round lossy = new Results.Round(ServerKind.COREDNS, 1, result(5_000, 0.02, 100, 50_000),
                new Dnsperf.Latencies(990, 11, Double.POSITIVE_INFINITY, 0.02), 1, 3.0);

        assertThat(Results.table(Results.summarize(List.of(lossy)))).contains("| timeouts | 100 | 100 (0.20 %) |");
        assertThat(Results.roundLine("c8", lossy)).contains("p99 timeouts");
    }

    @Test
    void otherResponseCodesAreCalledOut() {
        Dnsperf.Result refused = new Dnsperf.Result(1_000, 1_000, 0, 1_000, 0.001, Map.of("NOERROR", 900L, "NXDOMAIN", 50L, "REFUSED", 50L), 73);
        Results.Round round = new Results.Round(ServerKind.BIND, 1, refused, new Dnsperf.Latencies(1_000, 0, 0.002, 0.001), 1, 1.0);

        assertThat(Results.table(Results.summarize(List.of(round))))
                .contains("Warning: BIND 9 (zone file) answered 50 queries with neither NOERROR nor NXDOMAIN.");
    }

    private static Results.Round round(ServerKind kind, int round, double qps, double avg, double p99, long lost, long completed, long cpuNanos) {
        return new Results.Round(kind, round, result(qps, avg, lost, completed), new Dnsperf.Latencies(completed, 0, p99, avg), cpuNanos, 1.0);
    }

    private static Dnsperf.Result result(double qps, double avg, long lost, long completed) {
        long nx = completed / 20;
        return new Dnsperf.Result(completed + lost, completed, lost, qps, avg, Map.of("NOERROR", completed - nx, "NXDOMAIN", nx), 73);
    }

    private static Results.Row row(ServerKind kind, double qps, double avgMs) {
        return new Results.Row(kind, 1, qps, avgMs, 0.9, 0, 1000, 0.05, 0, 73, 5.0);
    }
}
